import { ProjectOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { usePipelines } from "../../api/pipelines.queries.ts";

/** The URL parameters only the board reads; the list drops them. */
const BOARD_ONLY = ["pipeline"];

/**
 * List | Board, shown when the object has a pipeline. Both read the same URL parameters (saved view, filter,
 * search, sort, columns), so switching keeps what the user was looking at.
 */
export function ViewModeSwitch({
  object,
  mode,
  compact,
}: {
  object: string;
  mode: "list" | "board";
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const pipelines = usePipelines(object);
  if (!pipelines.data?.length) return null;
  const open = (next: "list" | "board") => {
    const params = new URLSearchParams(location.search);
    if (next === "list") for (const key of BOARD_ONLY) params.delete(key);
    const search = params.toString();
    const path = next === "list" ? `/o/${object}` : `/o/${object}/board`;
    navigate(search ? `${path}?${search}` : path);
  };
  return (
    <Segmented
      value={mode}
      onChange={(value) => open(value as "list" | "board")}
      data-testid="view-mode"
      options={[
        {
          value: "list",
          icon: <UnorderedListOutlined />,
          label: compact ? undefined : t("board.list"),
          title: t("board.list"),
        },
        {
          value: "board",
          icon: <ProjectOutlined />,
          label: compact ? undefined : t("board.board"),
          title: t("board.board"),
        },
      ]}
    />
  );
}
