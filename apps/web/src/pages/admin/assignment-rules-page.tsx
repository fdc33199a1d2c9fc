import { ArrowLeftOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Collapse, Empty, Flex, Form, Skeleton, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  type AssignmentRule,
  useAssignmentRules,
  useSaveAssignmentRules,
} from "../../api/assignment.queries.ts";
import { useObject } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import {
  blankRule,
  type RulesFormValues,
  rulesFromForm,
  rulesToForm,
} from "../../components/assignment/rule-form.ts";
import { RuleHeader, RuleSettings } from "../../components/assignment/rule-panel.tsx";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { LeaveModal, useLeaveGuard } from "../../components/leave-guard.tsx";
import { useLabel } from "../../i18n/index.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { applyProblems } from "./form-problems.ts";

/**
 * The ordered rules of one object, saved together: the server checks the whole list and answers every
 * problem at once, each shown under its input (the rule opened if it was folded), what was typed kept.
 */
function RulesEditor({ object, rules }: { object: ObjectMeta; rules: AssignmentRule[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RulesFormValues>();
  const [initialValues] = useState(() => rulesToForm(rules));
  const save = useSaveAssignmentRules(object.api_name);
  const watched = Form.useWatch("rules", form) ?? initialValues.rules;
  // Rules folded by the admin (by list item key); a new rule comes open. More than two rules start folded.
  const [folded, setFolded] = useState<Set<string>>(
    () => new Set(rules.length > 2 ? rules.map((_, i) => String(i)) : []),
  );
  const keysByIndex = useRef<string[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const { setDirty, blocker } = useLeaveGuard();

  const submit = async () => {
    setGeneral([]);
    const values = form.getFieldsValue(true) as RulesFormValues;
    try {
      const saved = await save.mutateAsync(rulesFromForm(values, object.fields));
      // The names the server kept (a new rule's, made from its English name) are the form's from now on.
      form.setFieldsValue(rulesToForm(saved));
      setDirty(false);
      message.success(t("assignment.saved"));
    } catch (error) {
      if (!isProblem(error) || error.errors.length === 0) {
        setGeneral([problemMessage(error, t)]);
        return;
      }
      // Folded rules show nothing: open every rule a problem is about before marking the inputs.
      const withProblems = new Set(
        error.errors.map((e) => keysByIndex.current[Number(/^rules\.(\d+)/.exec(e.field)?.[1] ?? -1)]),
      );
      setFolded((current) => new Set([...current].filter((key) => !withProblems.has(key))));
      requestAnimationFrame(() => {
        const { unmatched } = applyProblems(form, error);
        setGeneral([t("assignment.refused", { count: error.errors.length }), ...unmatched]);
      });
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={() => setDirty(true)}
      onFinish={submit}
      data-testid="assignment-rules-form"
    >
      {general.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={general[0]}
          description={
            general.length > 1 ? general.slice(1).map((line) => <div key={line}>{line}</div>) : undefined
          }
          data-testid="assignment-rules-problems"
        />
      ) : null}
      <Form.List name="rules">
        {(items, { add, remove, move }) => {
          keysByIndex.current = items.map((item) => String(item.key));
          return (
            <Flex vertical gap={12}>
              {items.length === 0 ? <Empty description={t("assignment.none")} /> : null}
              <Collapse
                activeKey={keysByIndex.current.filter((key) => !folded.has(key))}
                onChange={(keys) => {
                  const open = new Set(Array.isArray(keys) ? keys : [keys]);
                  setFolded(new Set(keysByIndex.current.filter((key) => !open.has(key))));
                }}
                data-testid="assignment-rule-list"
                items={items.map((item, i) => ({
                  // The key is the list item's: a rule moved up keeps its panel open or folded.
                  key: String(item.key),
                  forceRender: true,
                  label: (
                    <RuleHeader
                      index={i}
                      rule={watched?.[item.name]}
                      first={i === 0}
                      last={i === items.length - 1}
                      onMove={(delta) => {
                        move(i, i + delta);
                        setDirty(true);
                      }}
                      onRemove={() => {
                        remove(item.name);
                        setDirty(true);
                      }}
                    />
                  ),
                  children: <RuleSettings index={item.name} object={object} />,
                }))}
              />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => {
                  add(blankRule());
                  setDirty(true);
                }}
                data-testid="assignment-rule-add"
              >
                {t("assignment.add")}
              </Button>
            </Flex>
          );
        }}
      </Form.List>
      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={save.isPending}
          data-testid="assignment-rules-save"
        >
          {t("assignment.save")}
        </Button>
      </Flex>
      <LeaveModal blocker={blocker} />
    </Form>
  );
}

/** An object's assignment rules, reached from the object designer. */
export function AssignmentRulesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const params = useParams<{ object: string }>();
  const { object, isLoading } = useObject(params.object);
  const rules = useAssignmentRules(params.object ?? "");
  useDocumentTitle(object ? t("assignment.title", { object: label(object.labels) }) : t("assignment.open"));
  if (rules.error) return <ErrorResult error={rules.error} />;
  if (isLoading || rules.isLoading || !object || !rules.data) return <Skeleton active />;
  return (
    <Flex vertical gap={16} data-testid="assignment-rules-page">
      <Flex gap={8} align="center">
        <Link to={`/admin/objects/${object.api_name}`}>
          <Button icon={<ArrowLeftOutlined />} type="text" aria-label={label(object.labels)} />
        </Link>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="assignment-rules-title">
          {t("assignment.title", { object: label(object.labels) })}
        </Typography.Title>
      </Flex>
      <Alert type="info" showIcon title={t("assignment.intro")} />
      <RulesEditor object={object} rules={rules.data} />
    </Flex>
  );
}

export default AssignmentRulesPage;
