import { PlusOutlined } from "@ant-design/icons";
import type { Pipeline } from "@keduo/core";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Collapse, Dropdown, Flex, Form, Input, Popconfirm, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { pipelinesKey } from "../../api/pipelines.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useRoles } from "../../api/users.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { applyProblems } from "../../pages/admin/form-problems.ts";
import { problemMessage } from "../error-result.tsx";
import { blankStage, fromForm, type PipelineForm, toForm } from "./pipeline-form.ts";
import { StageHeader, StageSettings } from "./stage-panel.tsx";

/** One pipeline's settings and ordered stages; saving is one metadata change the server checks whole. */
export function PipelineEditor({ object, pipeline }: { object: ObjectMeta; pipeline: Pipeline }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const [form] = Form.useForm<PipelineForm>();
  const stages = Form.useWatch("stages", form) ?? toForm(pipeline).stages;
  const stageField = object.fields.find((f) => f.api_name === pipeline.stage_field);
  const options = stageField?.config.options ?? [];
  const optionLabel = (value: string) => label(options.find((o) => o.value === value)?.labels) || value;
  const unused = options.filter((o) => !stages.some((s) => s?.value === o.value));
  const path = `/api/meta/objects/${object.api_name}/pipelines/${pipeline.api_name}`;

  const save = async (values: PipelineForm) => {
    try {
      await http.patch(path, fromForm({ ...toForm(pipeline), ...values }));
      await queryClient.invalidateQueries({ queryKey: pipelinesKey(object.api_name) });
      message.success(t("pipelines.saved"));
    } catch (error) {
      if (isProblem(error) && error.errors.length) {
        const { unmatched } = applyProblems(form, error);
        if (unmatched.length) message.error(unmatched.join("; "));
      } else message.error(problemMessage(error, t));
    }
  };
  const remove = async () => {
    try {
      await http.delete(path);
      await queryClient.invalidateQueries({ queryKey: pipelinesKey(object.api_name) });
      message.success(t("pipelines.deleted"));
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={toForm(pipeline)}
      onFinish={save}
      data-testid="pipeline-form"
    >
      <Flex gap={12} wrap align="flex-end">
        <Form.Item
          name={["labels", "zh-CN"]}
          label={`${t("pipelines.name")} (中文)`}
          style={{ minWidth: 200 }}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name={["labels", "en"]}
          label={`${t("pipelines.name")} (English)`}
          style={{ minWidth: 200 }}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="is_default"
          label={t("pipelines.isDefault")}
          tooltip={t("pipelines.isDefaultHelp")}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Flex>
      <Form.List name="stages">
        {(items, { add, remove: removeStage, move }) => (
          <Flex vertical gap={8}>
            <Collapse
              data-testid="stage-list"
              items={items.map((item, i) => ({
                key: item.key,
                forceRender: true,
                label: (
                  <StageHeader
                    stage={stages[item.name] ?? {}}
                    name={optionLabel(stages[item.name]?.value ?? "")}
                    first={i === 0}
                    last={i === items.length - 1}
                    onMove={(delta) => move(i, i + delta)}
                    onRemove={() => removeStage(item.name)}
                  />
                ),
                children: (
                  <StageSettings
                    object={object.api_name}
                    index={item.name}
                    fields={object.fields}
                    roles={roles.data ?? []}
                  />
                ),
              }))}
            />
            <Dropdown
              disabled={unused.length === 0}
              menu={{
                items: unused.map((o) => ({ key: o.value, label: label(o.labels) })),
                onClick: ({ key }) => add(blankStage(key)),
              }}
            >
              <Button icon={<PlusOutlined />} type="dashed" data-testid="stage-add">
                {unused.length ? t("pipelines.addStage") : t("pipelines.noOptionsLeft")}
              </Button>
            </Dropdown>
          </Flex>
        )}
      </Form.List>
      <Flex gap={8} justify="flex-end" style={{ marginTop: 16 }}>
        <Popconfirm title={t("pipelines.deleteConfirm", { name: label(pipeline.labels) })} onConfirm={remove}>
          <Button danger>{t("pipelines.delete")}</Button>
        </Popconfirm>
        <Button type="primary" htmlType="submit" data-testid="pipeline-save">
          {t("pipelines.save")}
        </Button>
      </Flex>
    </Form>
  );
}
