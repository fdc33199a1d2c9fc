import { Avatar, Flex, Skeleton, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { usePerson } from "../api/people.queries.ts";

const COLORS = ["#1677ff", "#13a8a8", "#52c41a", "#fa8c16", "#eb2f96", "#722ed1", "#2f54eb", "#faad14"];

/** The same colour for the same person everywhere: from their id. */
function colorOf(id: string): string {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length]!;
}

/** What the avatar shows: the last two characters of a Chinese name (三 of 张三 → 张三), else initials. */
export function avatarText(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return "?";
  if (/[\u3400-\u9fff]/.test(trimmed)) return [...trimmed].slice(-2).join("");
  return trimmed
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

export function PersonAvatar({ id, name, size = 20 }: { id: string; name: string; size?: number }) {
  return (
    <Avatar size={size} style={{ backgroundColor: colorOf(id), fontSize: size * 0.45, flex: "none" }}>
      {avatarText(name)}
    </Avatar>
  );
}

/** A user id as the person: avatar and name (department on hover), never the id. */
export function PersonName({ id, showAvatar = true }: { id: string; showAvatar?: boolean }) {
  const { t } = useTranslation();
  const person = usePerson(id);
  if (person.isLoading) return <Skeleton.Button active size="small" style={{ width: 64, height: 16 }} />;
  if (!person.data)
    return (
      <Typography.Text type="secondary" data-testid="person-unknown">
        {t("people.unknown")}
      </Typography.Text>
    );
  const { name, department, active } = person.data;
  return (
    <Tooltip title={department?.name}>
      <Flex component="span" align="center" gap={6} style={{ display: "inline-flex" }} data-testid="person">
        {showAvatar ? <PersonAvatar id={id} name={name} /> : null}
        <Typography.Text type={active ? undefined : "secondary"} data-testid="person-name">
          {name}
          {active ? "" : ` (${t("people.disabled")})`}
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}
