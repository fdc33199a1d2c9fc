import { RadarChartOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { hasOverview, useOverviewDefinition } from "../../api/overview.queries.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

/** The way from a record page to its 360° view, shown only where the object's overview has content. */
export function OverviewLink({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const definition = useOverviewDefinition(object);
  if (!hasOverview(definition.data)) return null;
  return (
    <Link to={`/o/${object}/${id}/360`}>
      <Button icon={<RadarChartOutlined />} aria-label={t("overview.open")} data-testid="open-overview">
        {isPhone ? "360°" : t("overview.open")}
      </Button>
    </Link>
  );
}
