import { ExperimentOutlined, PlayCircleOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Flex, Form, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTestAutomation } from "../../api/automation-trials.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";
import { RelationSelect } from "../relation-select.tsx";
import { TestResult } from "./test-result.tsx";
import type { TrialProps } from "./trial-snapshot.ts";

/**
 * 用一条记录测试 / Test with a record (issue 17 point 9), for every trigger: pick a record of the object, and the
 * server runs the automation as it stands in the editor against it in a transaction it rolls back — whether
 * the condition holds and what each action would have done, nothing saved or sent. A definition the server
 * refuses closes the drawer and shows its problems in the form.
 */
export function AutomationTestButton({
  object,
  automationId,
  snapshot,
  onRefused,
}: TrialProps & { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const [recordId, setRecordId] = useState<string | null>(null);
  const test = useTestAutomation();

  const run = async () => {
    if (!recordId) return;
    const current = snapshot();
    try {
      await test.mutateAsync({ definition: current.definition, recordId, id: automationId });
    } catch (error) {
      if (isProblem(error) && error.status === 400) {
        setOpen(false);
        onRefused(error, current.values);
      }
    }
  };
  const refused = isProblem(test.error) && test.error.status === 400;

  return (
    <>
      <Button
        icon={<ExperimentOutlined />}
        onClick={() => {
          test.reset();
          setOpen(true);
        }}
        data-testid="automation-test"
      >
        {t("automationTrials.test")}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={isPhone ? "100%" : 560}
        title={t("automationTrials.testTitle")}
        destroyOnHidden
        data-testid="test-drawer"
      >
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t("automationTrials.testIntro", { object: label(object.labels) })}
          </Typography.Text>
          <Form layout="vertical" component="div">
            <Form.Item label={t("automationTrials.record")} style={{ marginBottom: 12 }}>
              <div data-testid="test-record">
                <RelationSelect
                  target={object.api_name}
                  value={recordId}
                  onChange={(next) => {
                    setRecordId(typeof next === "string" ? next : null);
                    test.reset();
                  }}
                />
              </div>
            </Form.Item>
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              disabled={!recordId}
              loading={test.isPending}
              onClick={run}
              data-testid="test-run"
              title={recordId ? undefined : t("automationTrials.pickRecord")}
            >
              {test.data ? t("automationTrials.runAgain") : t("automationTrials.run")}
            </Button>
          </Form>
          {test.error && !refused ? (
            <Alert type="error" showIcon message={problemMessage(test.error, t)} data-testid="test-error" />
          ) : null}
          {test.data && !test.isPending ? <TestResult result={test.data} object={object.api_name} /> : null}
        </Flex>
      </Drawer>
    </>
  );
}
