import { CURRENT_USER, CURRENT_USER_TEAM } from "@keduo/core";
import { Flex, Select, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Person, usePeopleSearch, usePerson } from "../api/people.queries.ts";
import { useDebounced } from "./list/list-state.ts";
import { PersonAvatar } from "./person-name.tsx";

function PersonOption({ person }: { person: Person }) {
  return (
    <Flex align="center" gap={8}>
      <PersonAvatar id={person.id} name={person.name} />
      <span>{person.name}</span>
      {person.department ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {person.department.name}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/**
 * Picks a colleague: the directory is searched on the server as the user types a name, its pinyin or
 * initials (`zs`, `zhang` find 张三); every signed-in user may pick anyone, seeing name and department.
 */
export function UserSelect({
  value,
  onChange,
  disabled,
  id,
  allowCurrentUser,
  placeholder,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  disabled?: boolean;
  id?: string;
  /** Offers "me" and "my team" (`$me`, `$my_team`: whoever reads, for filters) before the colleagues. */
  allowCurrentUser?: boolean;
  /** What the empty box asks for (default: how to search). */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(false);
  const query = useDebounced(search, 200);
  const found = usePeopleSearch(query, open);
  const chosen = usePerson(value === CURRENT_USER || value === CURRENT_USER_TEAM ? null : value);
  const options = useMemo(() => {
    const people = [...(found.data ?? [])];
    // The chosen person stays an option (the box shows them), but not among the matches of a search.
    if (chosen.data && !search && !people.some((p) => p.id === chosen.data!.id)) people.unshift(chosen.data);
    const options = people.map((person) => ({ value: person.id, label: <PersonOption person={person} /> }));
    if (!allowCurrentUser || search) return options;
    return [
      { value: CURRENT_USER, label: <Typography.Text strong>{t("people.me")}</Typography.Text> },
      { value: CURRENT_USER_TEAM, label: <Typography.Text strong>{t("people.myTeam")}</Typography.Text> },
      ...options,
    ];
  }, [found.data, chosen.data, search, allowCurrentUser, t]);

  return (
    <Select
      id={id}
      allowClear
      disabled={disabled}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      onOpenChange={setOpen}
      options={options}
      loading={found.isFetching}
      placeholder={placeholder ?? t("people.search")}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isFetching ? undefined : t("people.noMatch")}
      style={{ width: "100%" }}
      data-testid="user-select"
    />
  );
}
