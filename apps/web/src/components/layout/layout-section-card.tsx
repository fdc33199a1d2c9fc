import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useDroppable } from "@dnd-kit/core";
import { rectSortingStrategy, SortableContext } from "@dnd-kit/sortable";
import { Button, Card, Dropdown, Flex, Input, Popconfirm, Segmented, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { LayoutSection, SectionColumns } from "../../api/layouts.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { itemId, sectionDropId } from "./layout-draft.ts";

export interface SectionActions {
  rename(locale: "zh-CN" | "en", value: string): void;
  setColumns(columns: SectionColumns): void;
  up?: () => void;
  down?: () => void;
  remove?: () => void;
  /** Sub-forms that can still be placed, by name. */
  subforms: Array<{ key: string; label: string; onSelect: () => void }>;
}

/** One section of the layout being designed: its names, columns, and a drop area laid out in its columns. */
export function LayoutSectionCard({
  section,
  index,
  actions,
  isPhone,
  children,
}: {
  section: LayoutSection;
  index: number;
  actions: SectionActions;
  isPhone: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { setNodeRef, isOver } = useDroppable({ id: sectionDropId(section) });
  const columns = isPhone ? 1 : section.columns;
  const missing = (locale: "zh-CN" | "en") => !section.label[locale].trim();
  return (
    <Card
      size="small"
      data-testid={`layout-section-${index}`}
      title={
        <Flex gap={8} wrap={isPhone} style={{ padding: "8px 0" }}>
          <Input
            size="small"
            value={section.label["zh-CN"]}
            status={missing("zh-CN") ? "error" : undefined}
            onChange={(e) => actions.rename("zh-CN", e.target.value)}
            prefix={<Typography.Text type="secondary">{t("layouts.designer.langZh")}</Typography.Text>}
            placeholder={t("layouts.designer.sectionLabelZh")}
            aria-label={t("layouts.designer.sectionLabelZh")}
            maxLength={100}
            data-testid={`section-label-zh-${index}`}
          />
          <Input
            size="small"
            value={section.label.en}
            status={missing("en") ? "error" : undefined}
            onChange={(e) => actions.rename("en", e.target.value)}
            prefix={<Typography.Text type="secondary">{t("layouts.designer.langEn")}</Typography.Text>}
            placeholder={t("layouts.designer.sectionLabelEn")}
            aria-label={t("layouts.designer.sectionLabelEn")}
            maxLength={100}
            data-testid={`section-label-en-${index}`}
          />
        </Flex>
      }
      extra={
        <Flex gap={4} align="center" style={{ marginInlineStart: 8 }}>
          <Segmented<SectionColumns>
            size="small"
            value={section.columns}
            onChange={actions.setColumns}
            options={([1, 2, 3] as const).map((count) => ({
              value: count,
              label: isPhone ? String(count) : t("layouts.designer.columnsOption", { count }),
            }))}
            aria-label={t("layouts.designer.columns")}
            data-testid={`section-columns-${index}`}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={!actions.up}
            onClick={actions.up}
            aria-label={t("layouts.designer.moveSectionUp")}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={!actions.down}
            onClick={actions.down}
            aria-label={t("layouts.designer.moveSectionDown")}
          />
          <Popconfirm
            title={t("layouts.designer.deleteSectionConfirm", { name: label(section.label) })}
            description={t("layouts.designer.deleteSectionDetail")}
            onConfirm={actions.remove}
            okButtonProps={{ danger: true }}
            okText={t("common.delete")}
            cancelText={t("common.cancel")}
            disabled={!actions.remove}
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              disabled={!actions.remove}
              aria-label={t("layouts.designer.deleteSection")}
              data-testid={`delete-section-${index}`}
            />
          </Popconfirm>
        </Flex>
      }
      styles={{ header: isPhone ? { flexWrap: "wrap", paddingBlock: 4 } : undefined }}
    >
      <SortableContext items={section.items.map(itemId)} strategy={rectSortingStrategy}>
        <div
          ref={setNodeRef}
          data-testid={`section-drop-${index}`}
          style={{
            display: "grid",
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            gap: 8,
            minHeight: 56,
            padding: 4,
            borderRadius: 6,
            outline: isOver ? "2px dashed #1677ff" : "1px dashed transparent",
            background: isOver ? "#f0f7ff" : undefined,
          }}
        >
          {children}
          {section.items.length === 0 ? (
            <Typography.Text
              type="secondary"
              style={{ gridColumn: "1 / -1", textAlign: "center", alignSelf: "center" }}
            >
              {t("layouts.designer.emptySection")}
            </Typography.Text>
          ) : null}
        </div>
      </SortableContext>
      {actions.subforms.length ? (
        <Dropdown
          trigger={["click"]}
          menu={{
            items: actions.subforms.map((s) => ({ key: s.key, label: s.label })),
            onClick: ({ key }) => actions.subforms.find((s) => s.key === key)?.onSelect(),
          }}
        >
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            data-testid={`add-subform-${index}`}
          >
            {t("layouts.designer.addSubform")}
          </Button>
        </Dropdown>
      ) : null}
    </Card>
  );
}
