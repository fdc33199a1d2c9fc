import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type Department, useDepartments } from "../api/metadata.queries.ts";

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

function toTree(departments: Department[]): TreeNode[] {
  const nodes = new Map(
    departments.map((d) => [d.id, { value: d.id, title: d.name, children: [] as TreeNode[] }]),
  );
  const roots: TreeNode[] = [];
  for (const department of departments) {
    const node = nodes.get(department.id)!;
    const parent = department.parent_id ? nodes.get(department.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Picks one department or several from the organisation's tree (GET /api/org/departments). */
export function DepartmentSelect({
  value,
  onChange,
  multiple,
  disabled,
  id,
}: {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const departments = useDepartments(true);
  const tree = useMemo(() => toTree(departments.data ?? []), [departments.data]);
  return (
    <TreeSelect
      id={id}
      style={{ width: "100%" }}
      disabled={disabled}
      multiple={multiple}
      allowClear
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: "title" }}
      loading={departments.isLoading}
      treeData={tree}
      value={value ?? (multiple ? [] : undefined)}
      onChange={(next) =>
        onChange?.(next === undefined || (Array.isArray(next) && !next.length) ? null : next)
      }
      placeholder={t("fields.selectPlaceholder")}
      notFoundContent={t("fields.noOptions")}
    />
  );
}
