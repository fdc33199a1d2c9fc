import { ArrowLeftOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Tabs,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { http } from "../../api/http-client.ts";
import { useObject } from "../../api/metadata.queries.ts";
import { pipelinesKey, usePipelines } from "../../api/pipelines.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { PipelineEditor } from "../../components/pipelines/pipeline-editor.tsx";
import { blankStage, fromForm } from "../../components/pipelines/pipeline-form.ts";
import { useLabel } from "../../i18n/index.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { applyProblems } from "./form-problems.ts";

interface NewPipeline {
  name: string;
  stage_field: string;
  pipeline_field?: string;
  api_name?: string;
}

/** Creates a pipeline over a select field: every option becomes a stage, in the field's order. */
function NewPipelineModal({ object, open, onClose }: { object: ObjectMeta; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewPipeline>();
  const selects = object.fields.filter((f) => f.type === "single_select" && !f.hidden);
  const pipelineField = Form.useWatch("pipeline_field", form);
  const pipelineOptions = selects.find((f) => f.api_name === pipelineField)?.config.options ?? [];
  const submit = async (values: NewPipeline) => {
    const options = selects.find((f) => f.api_name === values.stage_field)?.config.options ?? [];
    const name = values.name.trim();
    try {
      // Whether it is the default is the server's call (an object's first pipeline is).
      const { is_default: _default, ...definition } = fromForm({
        api_name: "",
        // One language is enough: the server gives the other the same name.
        labels: { "zh-CN": name, en: name },
        stage_field: values.stage_field,
        pipeline_field: values.pipeline_field ?? null,
        is_default: false,
        stages: options.map((o) => blankStage(o.value)),
      });
      await http.post(`/api/meta/objects/${object.api_name}/pipelines`, {
        api_name: values.pipeline_field ? values.api_name : values.api_name?.trim() || "main",
        stage_field: values.stage_field,
        pipeline_field: values.pipeline_field ?? null,
        ...definition,
      });
      await queryClient.invalidateQueries({ queryKey: pipelinesKey(object.api_name) });
      message.success(t("pipelines.created"));
      form.resetFields();
      onClose();
    } catch (error) {
      if (isProblem(error) && error.errors.length) {
        const { unmatched } = applyProblems(form, error);
        if (unmatched.length) message.error(unmatched.join("; "));
      } else message.error(problemMessage(error, t));
    }
  };
  return (
    <Modal
      open={open}
      title={t("pipelines.add")}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="pipeline-new-form">
        <Form.Item name="name" label={t("pipelines.name")} rules={[{ required: true }]}>
          <Input data-testid="pipeline-new-name" />
        </Form.Item>
        <Form.Item name="stage_field" label={t("pipelines.stageField")} rules={[{ required: true }]}>
          <Select
            options={selects.map((f) => ({ value: f.api_name, label: label(f.labels) }))}
            data-testid="pipeline-new-stage-field"
          />
        </Form.Item>
        <Form.Item
          name="pipeline_field"
          label={t("pipelines.pipelineField")}
          extra={t("pipelines.pipelineFieldHelp")}
        >
          <Select allowClear options={selects.map((f) => ({ value: f.api_name, label: label(f.labels) }))} />
        </Form.Item>
        <Form.Item name="api_name" label={t("pipelines.apiName")}>
          {pipelineField ? (
            <Select
              options={pipelineOptions.map((o) => ({
                value: o.value,
                label: `${label(o.labels)} (${o.value})`,
              }))}
            />
          ) : (
            <Input placeholder="main" />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The pipelines of one object: a tab per pipeline with its stages and gates, and a new pipeline. */
export function PipelinesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const params = useParams<{ object: string }>();
  const { object, isLoading } = useObject(params.object);
  const pipelines = usePipelines(params.object ?? "");
  const [adding, setAdding] = useState(false);
  useDocumentTitle(object ? t("pipelines.title", { object: label(object.labels) }) : t("pipelines.open"));
  if (isLoading || pipelines.isLoading || !object) return <Skeleton active />;
  return (
    <Flex vertical gap={16} data-testid="pipelines-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex gap={8} align="center">
          <Link to={`/admin/objects/${object.api_name}`}>
            <Button icon={<ArrowLeftOutlined />} type="text" aria-label={label(object.labels)} />
          </Link>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="pipelines-title">
            {t("pipelines.title", { object: label(object.labels) })}
          </Typography.Title>
        </Flex>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="pipeline-add">
          {t("pipelines.add")}
        </Button>
      </Flex>
      <Alert type="info" showIcon message={t("pipelines.intro")} />
      {pipelines.data?.length ? (
        <Tabs
          items={pipelines.data.map((pipeline) => ({
            key: pipeline.api_name,
            label: label(pipeline.labels),
            children: <PipelineEditor key={pipeline.updated_at} object={object} pipeline={pipeline} />,
          }))}
        />
      ) : (
        <Empty
          description={
            <Flex vertical>
              <span>{t("pipelines.none")}</span>
              <Typography.Text type="secondary">{t("pipelines.noneHint")}</Typography.Text>
            </Flex>
          }
        />
      )}
      <NewPipelineModal object={object} open={adding} onClose={() => setAdding(false)} />
    </Flex>
  );
}

export default PipelinesPage;
