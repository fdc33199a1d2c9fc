import { CURRENT_USER, CURRENT_USER_TEAM } from "@keduo/core";
import { Segmented, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import type { FilterCondition, FilterState } from "../../lib/filter-model.ts";

type Scope = "all" | "mine" | "team";

const TOKENS = { mine: CURRENT_USER, team: CURRENT_USER_TEAM } as const;

/** The one condition the quick choice owns: the owner is me / in my team (tokens, so a saved view fits all). */
const isScopeCondition = (c: FilterCondition) =>
  c.field === "owner_id" &&
  c.operator === "eq" &&
  (c.value === CURRENT_USER || c.value === CURRENT_USER_TEAM);

function scopeOf(filter: FilterState): Scope {
  const condition = filter.conditions.find(isScopeCondition);
  if (!condition) return "all";
  return condition.value === CURRENT_USER ? "mine" : "team";
}

/**
 * "All / My records / My team's records" above a list: a condition on the owner in the list's own filter, so
 * the filter panel shows it, the badge counts it and a saved view keeps it. Under "match any condition" with
 * other conditions it would widen the list instead of narrowing it: then the filter panel is the place.
 */
export function OwnerScope({
  filter,
  onChange,
  compact,
}: {
  filter: FilterState;
  onChange: (next: FilterState) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const others = filter.conditions.filter((c) => !isScopeCondition(c));
  const mixed = filter.match === "or" && others.length > 1;
  const choose = (scope: Scope) => {
    const conditions: FilterCondition[] =
      scope === "all" ? others : [...others, { field: "owner_id", operator: "eq", value: TOKENS[scope] }];
    onChange({ match: others.length > 1 ? filter.match : "and", conditions });
  };
  const control = (
    <Segmented<Scope>
      size={compact ? "small" : "middle"}
      value={scopeOf(filter)}
      disabled={mixed}
      onChange={choose}
      aria-label={t("list.ownerScope.label")}
      data-testid="owner-scope"
      options={[
        { value: "all", label: t("list.ownerScope.all") },
        { value: "mine", label: t("list.ownerScope.mine") },
        { value: "team", label: t("list.ownerScope.team") },
      ]}
    />
  );
  return mixed ? <Tooltip title={t("list.ownerScope.mixed")}>{control}</Tooltip> : control;
}
