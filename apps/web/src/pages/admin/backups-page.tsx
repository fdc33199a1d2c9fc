import { LockOutlined, SaveOutlined, UnlockOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Skeleton,
  Switch,
  Table,
  Tag,
  TimePicker,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type HTMLAttributes, useEffect } from "react";
import { useTranslation } from "react-i18next";
import {
  type BackupFiles,
  type BackupSchedule,
  type BackupSettings,
  useBackupFiles,
  useBackupSettings,
  useSaveBackupSchedule,
} from "../../api/backups.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { useCurrentUser } from "../../api/session.ts";
import { hasPermission } from "../../api/users.queries.ts";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { useLanguage } from "../../i18n/index.ts";
import { formatFileSize } from "../../lib/format.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { BackupDownloadCard } from "./backup-download.tsx";
import { applyProblems } from "./form-problems.ts";

const toDayjs = (time: string): Dayjs | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? dayjs().hour(Number(match[1])).minute(Number(match[2])).second(0) : null;
};

/** An instant shown in the organisation time zone (the one the schedule's time is in). */
function useZonedTime(timeZone: string | undefined) {
  const language = useLanguage();
  return (iso: string) => {
    try {
      return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
        new Date(iso),
      );
    } catch {
      return iso;
    }
  };
}

function LastRun({ run }: { run: BackupSettings["last_run"] }) {
  const { t } = useTranslation();
  if (!run) return <Typography.Text type="secondary">{t("backups.schedule.lastRunNever")}</Typography.Text>;
  if (run.error)
    return (
      <Typography.Text type="danger">
        {t("backups.schedule.lastRunFailed", { date: run.date, error: run.error })}
      </Typography.Text>
    );
  if (!run.finished_at)
    return <Typography.Text>{t("backups.schedule.lastRunRunning", { date: run.date })}</Typography.Text>;
  return (
    <Typography.Text style={{ wordBreak: "break-all" }}>
      {t("backups.schedule.lastRunOk", { date: run.date, file: run.file ?? "" })}
    </Typography.Text>
  );
}

function ScheduleCard({ settings, timeZone }: { settings: BackupSettings; timeZone: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BackupSchedule>();
  const save = useSaveBackupSchedule();
  useEffect(() => {
    form.setFieldsValue({
      enabled: settings.enabled,
      time: settings.time,
      directory: settings.directory,
      retention: settings.retention,
    });
  }, [form, settings]);

  const submit = async (values: BackupSchedule) => {
    try {
      await save.mutateAsync({ ...values, directory: values.directory.trim() });
      // One toast however often it is saved: Enter in a field submits too, and toasts must not stack.
      message.success({ content: t("backups.schedule.saved"), key: "backup-schedule-saved" });
    } catch (error) {
      if (!isProblem(error)) {
        message.error(problemMessage(error, t));
        return;
      }
      // The directory errors (BACKUP_DIRECTORY_*) carry no field path: their detail belongs to that input.
      const onDirectory = (code: string) => (code.startsWith("BACKUP_DIRECTORY_") ? "directory" : "");
      const { matched, unmatched } = applyProblems(form, error, onDirectory);
      if (!matched || unmatched.length) message.error(unmatched.join(" ") || problemMessage(error, t));
    }
  };

  return (
    <Card title={t("backups.schedule.title")} size="small" data-testid="backup-schedule-card">
      <Typography.Paragraph type="secondary">{t("backups.schedule.intro")}</Typography.Paragraph>
      <Form<BackupSchedule>
        form={form}
        name="backup"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={settings}
      >
        <Form.Item name="enabled" label={t("backups.schedule.enabled")} valuePropName="checked">
          <Switch data-testid="backup-enabled" />
        </Form.Item>
        <Form.Item
          name="time"
          label={t("backups.schedule.time")}
          extra={t("backups.schedule.timeHelp", { zone: timeZone })}
          getValueProps={(value: string) => ({ value: value ? toDayjs(value) : null })}
          normalize={(value: Dayjs | null) => (value ? value.format("HH:mm") : "02:00")}
        >
          <TimePicker format="HH:mm" minuteStep={5} allowClear={false} needConfirm={false} />
        </Form.Item>
        <Form.Item
          name="directory"
          label={t("backups.schedule.directory")}
          extra={t("backups.schedule.directoryHelp")}
          dependencies={["enabled"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                getFieldValue("enabled") && !value?.trim()
                  ? Promise.reject(new Error(t("backups.schedule.directoryRequired")))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input placeholder="/var/backups/keduo" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="retention"
          label={t("backups.schedule.retention")}
          extra={t("backups.schedule.retentionHelp")}
          rules={[{ required: true, type: "integer", min: 1, max: 365 }]}
        >
          <InputNumber min={1} max={365} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t("backups.schedule.lastRun")}>
          <LastRun run={settings.last_run} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={save.isPending}
          data-testid="backup-save"
        >
          {t("backups.schedule.save")}
        </Button>
      </Form>
    </Card>
  );
}

function EncryptionCard({ encrypted }: { encrypted: boolean }) {
  const { t } = useTranslation();
  return (
    <Card title={t("backups.encryption.title")} size="small" data-testid="backup-encryption">
      <Flex vertical gap={8} align="flex-start">
        {encrypted ? (
          <Tag color="green" icon={<LockOutlined />}>
            {t("backups.encryption.on")}
          </Tag>
        ) : (
          <Tag color="orange" icon={<UnlockOutlined />}>
            {t("backups.encryption.off")}
          </Tag>
        )}
        <Typography.Text type="secondary">
          {t(encrypted ? "backups.encryption.onHelp" : "backups.encryption.offHelp")}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function FilesCard({ files }: { files: BackupFiles }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const zoned = useZonedTime(files.time_zone);
  const empty = !files.directory
    ? t("backups.files.noDirectory")
    : files.readable
      ? t("backups.files.empty")
      : t("backups.files.unreadable", { directory: files.directory });
  const body = !files.readable ? (
    <Alert type="warning" showIcon title={empty} />
  ) : isPhone ? (
    <Flex vertical gap={8}>
      {files.files.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : null}
      {files.files.map((file) => (
        <div key={file.name} data-testid="backup-file">
          <Typography.Text style={{ wordBreak: "break-all" }}>{file.name}</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {zoned(file.modified_at)} · {formatFileSize(file.size, language)}
          </Typography.Text>
        </div>
      ))}
    </Flex>
  ) : (
    <Table
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={files.files}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      onRow={() => ({ "data-testid": "backup-file" }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: "name", dataIndex: "name", title: t("backups.files.name") },
        {
          key: "time",
          title: t("backups.files.time", { zone: files.time_zone }),
          render: (_, file) => zoned(file.modified_at),
        },
        {
          key: "size",
          title: t("backups.files.size"),
          align: "right",
          render: (_, file) => formatFileSize(file.size, language),
        },
      ]}
    />
  );
  return (
    <Card title={t("backups.files.title")} size="small" data-testid="backup-files">
      {files.directory ? (
        <Typography.Paragraph type="secondary" style={{ wordBreak: "break-all" }}>
          {files.directory}
        </Typography.Paragraph>
      ) : null}
      {body}
    </Card>
  );
}

function RestoreCard({ example }: { example: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t("backups.restore.title")} size="small" data-testid="backup-restore">
      <Typography.Paragraph>{t("backups.restore.intro")}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t("backups.restore.steps")}</Typography.Paragraph>
      <pre
        style={{
          background: "#f5f5f5",
          borderRadius: 6,
          padding: "8px 12px",
          margin: "0 0 12px",
          whiteSpace: "pre-wrap",
          wordBreak: "break-all",
          fontSize: 12,
        }}
      >
        {`keduo restore ${example}`}
      </pre>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("backups.restore.force")}
      </Typography.Paragraph>
    </Card>
  );
}

function BackupsScreen() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const settings = useBackupSettings();
  const files = useBackupFiles();
  useDocumentTitle(t("backups.title"));
  const error = settings.error ?? files.error;
  if (error)
    return <ErrorResult error={error} onRetry={() => Promise.all([settings.refetch(), files.refetch()])} />;
  if (!settings.data || !files.data) return <Skeleton active />;
  const newest = files.data.files[0];
  const example = newest
    ? `${files.data.directory.replace(/\/$/, "")}/${newest.name}`
    : "/path/to/keduo-backup-20260315-020000Z.kdbackup";
  return (
    <div style={{ maxWidth: 1200 }}>
      <Typography.Title level={isPhone ? 4 : 3} style={{ marginTop: 0 }} data-testid="backups-title">
        {t("backups.title")}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <ScheduleCard settings={settings.data} timeZone={files.data.time_zone} />
            <FilesCard files={files.data} />
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <EncryptionCard encrypted={settings.data.encrypted} />
            <BackupDownloadCard />
            <RestoreCard example={example} />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

/** Backup settings (manage_users and view_all_data, as the backup routes require). */
export default function BackupsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (!hasPermission(me, "manage_users") || !hasPermission(me, "view_all_data"))
    return <Result status="403" title={t("backups.forbidden")} />;
  return <BackupsScreen />;
}
