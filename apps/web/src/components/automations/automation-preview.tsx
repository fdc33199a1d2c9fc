import { EyeOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Flex, Segmented, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PREVIEW_DAYS, type PreviewDays, usePreviewAutomation } from "../../api/automation-trials.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";
import { PreviewHits } from "./preview-hits.tsx";
import type { TrialProps, TrialSnapshot } from "./trial-snapshot.ts";

/**
 * 预览 / Preview (issue 17 point 8), for timed triggers: which records the automation as it stands in the
 * editor would act on in the next 7, 30 or 90 days and what it would do. A definition the server refuses
 * closes the drawer and shows its problems in the form.
 */
export function AutomationPreviewButton({
  object,
  objects,
  automationId,
  snapshot,
  onRefused,
}: TrialProps & { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState<PreviewDays>(30);
  const [taken, setTaken] = useState<TrialSnapshot | null>(null);
  const preview = usePreviewAutomation();

  const run = async (from: TrialSnapshot, count: PreviewDays) => {
    try {
      await preview.mutateAsync({ definition: from.definition, days: count, id: automationId });
    } catch (error) {
      if (isProblem(error) && error.status === 400) {
        setOpen(false);
        onRefused(error, from.values);
      }
    }
  };
  const start = () => {
    const current = snapshot();
    setTaken(current);
    preview.reset();
    setOpen(true);
    void run(current, days);
  };
  const changeDays = (count: PreviewDays) => {
    setDays(count);
    if (taken) void run(taken, count);
  };

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={start} data-testid="automation-preview">
        {t("automationTrials.preview")}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={isPhone ? "100%" : 560}
        title={t("automationTrials.previewTitle")}
        destroyOnHidden
        data-testid="preview-drawer"
      >
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t("automationTrials.previewIntro")}</Typography.Text>
          <Segmented<PreviewDays>
            value={days}
            onChange={changeDays}
            options={PREVIEW_DAYS.map((count) => ({
              value: count,
              label: (
                <span data-testid={`preview-days-${count}`}>{t("automationTrials.days", { count })}</span>
              ),
            }))}
            block={isPhone}
          />
          {preview.isPending ? <Skeleton active /> : null}
          {preview.error && !(isProblem(preview.error) && preview.error.status === 400) ? (
            <Alert type="error" showIcon message={problemMessage(preview.error, t)} />
          ) : null}
          {preview.data && !preview.isPending ? (
            <PreviewHits preview={preview.data} days={days} object={object} objects={objects} />
          ) : null}
        </Flex>
      </Drawer>
    </>
  );
}
