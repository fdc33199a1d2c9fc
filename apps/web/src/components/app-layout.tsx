import {
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  BuildOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudDownloadOutlined,
  DashboardOutlined,
  DeleteOutlined,
  DownOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyOutlined,
  ShareAltOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { Locale } from "@keduo/core";
import {
  App,
  Avatar,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Skeleton,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate, useNavigation } from "react-router";
import { useObjects } from "../api/metadata.queries.ts";
import { isAdminUser, useCurrentUser, useLogout, useSwitchLanguage } from "../api/session.ts";
import { taskShape, useDueTaskCount } from "../api/tasks.queries.ts";
import { hasPermission } from "../api/users.queries.ts";
import { LANGUAGES, useLabel, useLanguage } from "../i18n/index.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { problemMessage } from "./error-result.tsx";
import { NotificationBell } from "./notifications/notification-bell.tsx";

const { Header, Sider, Content } = Layout;

function useNavigationItems(): MenuProps["items"] {
  const { t } = useTranslation();
  const label = useLabel();
  const objects = useObjects();
  const user = useCurrentUser();
  const tasks = useMemo(() => taskShape(objects.data?.objects), [objects.data]);
  const due = useDueTaskCount(tasks);
  return useMemo(() => {
    // Objects the user may not read stay out of the navigation.
    const shown = (objects.data?.objects ?? []).filter((o) => o.my_permissions.read);
    const objectItems = shown.map((object) => ({
      key: `/o/${object.api_name}`,
      icon: <AppstoreOutlined />,
      label: <Link to={`/o/${object.api_name}`}>{label(object.plural_labels) || object.api_name}</Link>,
    }));
    const items: NonNullable<MenuProps["items"]> = [];
    // The rep's day starts here: what is due, with a count of today's and overdue tasks.
    if (tasks)
      items.push({
        key: "/tasks",
        icon: <CheckSquareOutlined />,
        label: (
          <Link to="/tasks" data-testid="nav-tasks">
            {t("tasks.nav")}{" "}
            <Badge count={due.data ?? 0} size="small" title={t("tasks.dueCount", { count: due.data ?? 0 })} />
          </Link>
        ),
      });
    items.push(
      { type: "group", key: "objects", label: t("nav.objects"), children: objectItems },
      // Everyone's: each user sees the deleted records they could restore.
      {
        key: "/recycle-bin",
        icon: <DeleteOutlined />,
        label: <Link to="/recycle-bin">{t("recycleBin.all.nav")}</Link>,
      },
    );
    const adminItems: NonNullable<MenuProps["items"]> = [];
    if (isAdminUser(user)) {
      adminItems.push({
        key: "/admin/objects",
        icon: <BuildOutlined />,
        label: <Link to="/admin/objects">{t("nav.designer")}</Link>,
      });
    }
    // Automations and the working calendar are configuration, as the object designer is.
    if (hasPermission(user, "manage_metadata")) {
      adminItems.push({
        key: "/admin/automations",
        icon: <ThunderboltOutlined />,
        label: <Link to="/admin/automations">{t("automations.nav")}</Link>,
      });
      adminItems.push({
        key: "/admin/calendar",
        icon: <CalendarOutlined />,
        label: <Link to="/admin/calendar">{t("calendar.nav")}</Link>,
      });
      // Indexes are part of the schema the designer shapes; the advisor's page sits beside it.
      adminItems.push({
        key: "/admin/index-advisor",
        icon: <DashboardOutlined />,
        label: <Link to="/admin/index-advisor">{t("advisor.nav")}</Link>,
      });
    }
    if (hasPermission(user, "manage_users")) {
      adminItems.push({
        key: "/admin/users",
        icon: <TeamOutlined />,
        label: <Link to="/admin/users">{t("adminUsers.nav.users")}</Link>,
      });
      adminItems.push({
        key: "/admin/departments",
        icon: <ApartmentOutlined />,
        label: <Link to="/admin/departments">{t("departments.nav")}</Link>,
      });
      adminItems.push({
        key: "/admin/roles",
        icon: <SafetyOutlined />,
        label: <Link to="/admin/roles">{t("roles.nav")}</Link>,
      });
    }
    if (hasPermission(user, "manage_sharing") && hasPermission(user, "manage_metadata")) {
      adminItems.push({
        key: "/admin/sharing",
        icon: <ShareAltOutlined />,
        label: <Link to="/admin/sharing">{t("sharing.nav")}</Link>,
      });
    }
    // A backup holds every record: the backup routes need both permissions.
    if (hasPermission(user, "manage_users") && hasPermission(user, "view_all_data")) {
      adminItems.push({
        key: "/admin/backups",
        icon: <CloudDownloadOutlined />,
        label: <Link to="/admin/backups">{t("backups.nav")}</Link>,
      });
    }
    if (adminItems.length) {
      items.push({ type: "group", key: "admin", label: t("nav.admin"), children: adminItems });
    }
    return items;
  }, [objects.data, user, t, label, tasks, due.data]);
}

function selectedKey(pathname: string): string {
  const object = /^\/o\/([^/]+)/.exec(pathname);
  if (object) return `/o/${object[1]}`;
  if (pathname.startsWith("/admin/objects")) return "/admin/objects";
  if (pathname.startsWith("/admin/automations")) return "/admin/automations";
  return pathname;
}

function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useLanguage();
  const switchLanguage = useSwitchLanguage();
  const items = LANGUAGES.map((locale) => ({ key: locale, label: t(`language.${locale}`) }));
  const onClick = async ({ key }: { key: string }) => {
    try {
      await switchLanguage(key as Locale);
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Dropdown menu={{ items, selectable: true, selectedKeys: [language], onClick }} trigger={["click"]}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t("language.label")}
        data-testid="language-switch"
      >
        {compact ? null : t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
}

function UserMenu({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const items: MenuProps["items"] = [
    {
      key: "who",
      disabled: true,
      label: (
        <div>
          <div>{user?.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user?.email}
          </Typography.Text>
        </div>
      ),
    },
    { type: "divider" },
    { key: "tokens", icon: <ApiOutlined />, label: t("adminUsers.nav.tokens") },
    { key: "logout", icon: <LogoutOutlined />, label: t("user.logout"), danger: true },
  ];
  const onClick = ({ key }: { key: string }) => {
    if (key === "tokens") navigate("/me/tokens");
    if (key !== "logout") return;
    logout.mutate(undefined, {
      onSettled: () => {
        message.success(t("user.loggedOut"));
        navigate("/login", { replace: true });
      },
    });
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={["click"]}>
      <Button type="text" aria-label={t("user.menu")} data-testid="user-menu">
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: "#1677ff" }} />
        {compact ? null : (
          <>
            <span>{user?.name}</span>
            <DownOutlined style={{ fontSize: 10 }} />
          </>
        )}
      </Button>
    </Dropdown>
  );
}

function Brand({ iconOnly }: { iconOnly?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" style={{ display: "flex", alignItems: "center", gap: 8, color: "inherit", lineHeight: 1 }}>
      <span
        aria-hidden
        style={{
          display: "inline-grid",
          placeItems: "center",
          width: 28,
          height: 28,
          borderRadius: 6,
          background: "#1677ff",
          color: "#fff",
          fontWeight: 600,
          lineHeight: "28px",
        }}
      >
        客
      </span>
      {iconOnly ? null : (
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t("app.name")}
        </Typography.Text>
      )}
    </Link>
  );
}

/** The signed-in frame: sider navigation on desktop, a drawer behind a menu button on phones. */
export function AppLayout() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const location = useLocation();
  const items = useNavigationItems();
  const objects = useObjects();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  // A list opens when its rows are there (the route's loader waits for them): the clicked entry is marked at once.
  const navigation = useNavigation();
  const selected = [selectedKey((navigation.location ?? location).pathname)];

  const menu = objects.isLoading ? (
    <Skeleton active paragraph={{ rows: 4 }} style={{ padding: 16 }} />
  ) : (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
      data-testid="nav-menu"
    />
  );

  if (isPhone) {
    return (
      <Layout style={{ minHeight: "100vh" }}>
        <Header
          style={{
            position: "sticky",
            top: 0,
            zIndex: 10,
            display: "flex",
            alignItems: "center",
            gap: 8,
            padding: "0 8px",
            background: "#fff",
            borderBottom: "1px solid #f0f0f0",
            height: 56,
            lineHeight: "56px",
          }}
        >
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t("nav.openMenu")}
            onClick={() => setDrawerOpen(true)}
            data-testid="nav-open"
          />
          <Brand />
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch compact />
          <UserMenu compact />
        </Header>
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          {menu}
        </Drawer>
        <Content style={{ padding: 12 }}>
          <Outlet />
        </Content>
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider
        theme="light"
        width={220}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ boxShadow: "1px 0 0 #f0f0f0", position: "sticky", top: 0, height: "100vh", zIndex: 2 }}
      >
        <div
          style={{
            height: 56,
            display: "flex",
            alignItems: "center",
            padding: collapsed ? "0 26px" : "0 20px",
          }}
        >
          <Brand iconOnly={collapsed} />
        </div>
        <div style={{ height: "calc(100vh - 56px - 48px)", overflowY: "auto" }}>{menu}</div>
      </Sider>
      <Layout>
        <Header
          style={{
            display: "flex",
            alignItems: "center",
            justifyContent: "flex-end",
            gap: 8,
            padding: "0 24px",
            background: "#fff",
            borderBottom: "1px solid #f0f0f0",
            height: 56,
            lineHeight: "56px",
          }}
        >
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Header>
        <Content style={{ padding: 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
