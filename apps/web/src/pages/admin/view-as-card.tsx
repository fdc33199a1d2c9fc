import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Card, Descriptions, Flex, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { UserSelect } from "../../components/user-select.tsx";
import { useLabel } from "../../i18n/index.ts";

interface ViewAs {
  rights: Record<"read" | "create" | "edit" | "delete" | "claim" | "transfer", boolean>;
  readable: number;
  total: number;
  fields: Array<{ api_name: string; access: "editable" | "read_only" | "hidden" }>;
}

const RIGHTS = ["read", "create", "edit", "delete", "claim", "transfer"] as const;
const ACCESS_COLORS = { editable: "green", read_only: "blue", hidden: "default" } as const;

/**
 * "View as this user": pick a user and see what the access layer gives them on this object — their rights,
 * how many records they may read, and each field's access — the same answer their own requests get.
 */
export function ViewAsCard({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [user, setUser] = useState<string | null>(null);
  const answer = useQuery({
    queryKey: ["view-as", object.api_name, user],
    queryFn: ({ signal }) =>
      http.get<ViewAs>(`/api/records/${object.api_name}/view-as`, { user: user ?? undefined }, signal),
    enabled: Boolean(user),
  });
  const fieldLabel = (name: string) => label(object.fields.find((f) => f.api_name === name)?.labels) || name;
  return (
    <Card size="small" title={t("viewAs.title")}>
      <Typography.Paragraph type="secondary">{t("viewAs.help")}</Typography.Paragraph>
      <div style={{ maxWidth: 360, marginBottom: 12 }}>
        <UserSelect value={user} onChange={setUser} />
      </div>
      {!user ? null : answer.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : answer.data ? (
        <div data-testid="view-as-answer">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t("viewAs.records")}>
              {t("viewAs.readable", { readable: answer.data.readable, total: answer.data.total })}
            </Descriptions.Item>
            <Descriptions.Item label={t("viewAs.rights")}>
              <Flex gap={6} wrap>
                {RIGHTS.map((right) => (
                  <Tag
                    key={right}
                    color={answer.data.rights[right] ? "green" : "default"}
                    icon={answer.data.rights[right] ? <CheckOutlined /> : <CloseOutlined />}
                    data-testid={`view-as-right-${right}`}
                    data-granted={answer.data.rights[right]}
                  >
                    {t(`viewAs.actions.${right}`)}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={t("viewAs.fields")}>
              <Flex gap={6} wrap>
                {answer.data.fields.map((f) => (
                  <Tag
                    key={f.api_name}
                    color={ACCESS_COLORS[f.access]}
                    data-testid={`view-as-field-${f.api_name}`}
                  >
                    {fieldLabel(f.api_name)} · {t(`roles.access.${f.access}`)}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
          </Descriptions>
        </div>
      ) : null}
    </Card>
  );
}
