import { App, Button, Flex, Form, Input, Modal, Radio, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type CalendarDay, type DayName, useChangeCalendarDay } from "../../api/calendar.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { useLongDate } from "../../components/calendar/day-labels.ts";
import { KindTag } from "../../components/calendar/month-grid.tsx";
import { problemMessage } from "../../components/error-result.tsx";
import { useLabel } from "../../i18n/index.ts";
import { dayKind, isoWeekdayOf, KIND_KEY } from "../../lib/calendar-month.ts";
import { applyProblems } from "./form-problems.ts";

interface DayForm {
  working: boolean;
  name: { "zh-CN"?: string; en?: string };
}

const trimmedName = (name: DayForm["name"]): DayName | null => {
  const kept = Object.entries(name ?? {}).filter(([, text]) => text?.trim());
  return kept.length ? Object.fromEntries(kept.map(([locale, text]) => [locale, text!.trim()])) : null;
};

/**
 * One day of the calendar: working or off, and its name in both languages; a set day can go back to the
 * weekday rule. Field problems from the server land under their inputs.
 */
export function CalendarDayEditor(props: {
  date: string | null;
  day: CalendarDay | undefined;
  workingWeekdays: number[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useLabel();
  const longDate = useLongDate();
  const [form] = Form.useForm<DayForm>();
  const change = useChangeCalendarDay();
  const { date, day } = props;
  const weekday = date ? isoWeekdayOf(date) : 1;
  const byRule = props.workingWeekdays.includes(weekday);

  useEffect(() => {
    if (!date) return;
    form.resetFields();
    form.setFieldsValue({
      working: day ? day.working : byRule,
      name: { "zh-CN": day?.name?.["zh-CN"] ?? "", en: day?.name?.en ?? "" },
    });
  }, [form, date, day, byRule]);

  if (!date) return null;
  const kind = dayKind(weekday, day, props.workingWeekdays);
  const state = [
    t(`calendar.kind.${KIND_KEY[kind]}`),
    label(day?.name),
    day ? t(`calendar.source.${day.source}`) : t("calendar.editor.byRule"),
  ]
    .filter(Boolean)
    .join(" · ");

  const run = async (set: { working: boolean; name: DayName | null } | null, done: string) => {
    try {
      await change.mutateAsync({ date, set });
      message.success({ content: done, key: "calendar-day" });
      props.onClose();
    } catch (error) {
      const { matched, unmatched } = isProblem(error)
        ? applyProblems(form, error)
        : { matched: 0, unmatched: [] };
      if (!matched || unmatched.length) message.error(unmatched.join(" ") || problemMessage(error, t));
    }
  };
  const save = (values: DayForm) =>
    run({ working: values.working, name: trimmedName(values.name) }, t("calendar.editor.saved", { date }));

  return (
    <Modal
      open
      title={longDate(date)}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between" wrap gap={8}>
          {day ? (
            <Button
              danger
              onClick={() => void run(null, t("calendar.editor.wasReset", { date }))}
              loading={change.isPending && change.variables?.set === null}
              title={t("calendar.editor.resetHelp")}
              data-testid="calendar-day-reset"
            >
              {t("calendar.editor.reset")}
            </Button>
          ) : (
            <span />
          )}
          <Flex gap={8} style={{ marginInlineStart: "auto" }}>
            <Button onClick={props.onClose}>{t("common.cancel")}</Button>
            <Button
              type="primary"
              onClick={() => form.submit()}
              loading={change.isPending && change.variables?.set !== null}
              data-testid="calendar-day-save"
            >
              {t("common.save")}
            </Button>
          </Flex>
        </Flex>
      }
      data-testid="calendar-day-editor"
    >
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t("calendar.editor.current")} </Typography.Text>
        <KindTag kind={kind}>{state}</KindTag>
      </Typography.Paragraph>
      <Form<DayForm> form={form} name="calendar_day" layout="vertical" onFinish={save} requiredMark={false}>
        <Form.Item name="working">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t("calendar.editor.working") },
              { value: false, label: t("calendar.editor.dayOff") },
            ]}
            data-testid="calendar-day-working"
          />
        </Form.Item>
        <Form.Item name={["name", "zh-CN"]} label={t("calendar.editor.nameZh")} rules={[{ max: 60 }]}>
          <Input placeholder={t("calendar.editor.namePlaceholderZh")} maxLength={60} />
        </Form.Item>
        <Form.Item name={["name", "en"]} label={t("calendar.editor.nameEn")} rules={[{ max: 60 }]}>
          <Input placeholder={t("calendar.editor.namePlaceholderEn")} maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
