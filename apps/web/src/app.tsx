import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Skeleton } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { lazy, useEffect } from "react";
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from "react-router";
import { configureHttpClient } from "./api/http-client.ts";
import { isProblem } from "./api/problem.ts";
import { expiredSessionKey, sessionKey } from "./api/session.ts";
import type { Session } from "./api/types.ts";
import { AppLayout } from "./components/app-layout.tsx";
import { Lazy } from "./components/lazy.tsx";
import { listLoader, listShouldRevalidate } from "./components/list/prefetch-list.ts";
import { RequireSession } from "./components/require-session.tsx";
import { currentLanguage, useLanguage } from "./i18n/index.ts";
import { HomePage } from "./pages/home-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { ObjectListPage } from "./pages/object-list-page.tsx";

// Code-split: forms, record pages and the designer load when first opened, keeping the first list fast.
const RecordPage = lazy(() => import("./pages/record-page.tsx"));
const RecordEditPage = lazy(() => import("./pages/record-edit-page.tsx"));
const RecordOverviewPage = lazy(() => import("./pages/record-overview-page.tsx"));
const RecycleBinPage = lazy(() => import("./pages/recycle-bin-page.tsx"));
const BoardPage = lazy(() => import("./pages/board-page.tsx"));
const AllRecycleBinPage = lazy(() => import("./pages/all-recycle-bin-page.tsx"));
const DepartmentsPage = lazy(() => import("./pages/admin/departments-page.tsx"));
const RolesPage = lazy(() => import("./pages/admin/roles-page.tsx"));
const SharingPage = lazy(() => import("./pages/admin/sharing-page.tsx"));
const DesignerPage = lazy(() => import("./pages/admin/designer-page.tsx"));
const LayoutDesignerPage = lazy(() => import("./pages/admin/layout-designer-page.tsx"));
const PipelinesPage = lazy(() => import("./pages/admin/pipelines-page.tsx"));
const AssignmentRulesPage = lazy(() => import("./pages/admin/assignment-rules-page.tsx"));
const UsersPage = lazy(() => import("./pages/admin/users-page.tsx"));
const BackupsPage = lazy(() => import("./pages/admin/backups-page.tsx"));
const CalendarPage = lazy(() => import("./pages/admin/calendar-page.tsx"));
const IndexAdvisorPage = lazy(() => import("./pages/admin/index-advisor-page.tsx"));
const AutomationsPage = lazy(() => import("./pages/admin/automations-page.tsx"));
const AutomationEditorPage = lazy(() => import("./pages/admin/automation-editor-page.tsx"));
const TokensPage = lazy(() => import("./pages/tokens-page.tsx"));
const ImportPage = lazy(() => import("./pages/import-page.tsx"));
const TaskInboxPage = lazy(() => import("./pages/task-inbox-page.tsx"));
const NotificationsPage = lazy(() => import("./pages/notifications-page.tsx"));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change by retrying; network hiccups and 5xx may.
      retry: (count, error) => count < 2 && !(isProblem(error) && error.status >= 400 && error.status < 500),
    },
  },
});

configureHttpClient({
  language: currentLanguage,
  onUnauthenticated: () => {
    const session = queryClient.getQueryData<Session | null>(sessionKey);
    // The session ended under a signed-in page: ask for the password over the page, keeping its state.
    if (session) queryClient.setQueryData(expiredSessionKey, session.user.email);
  },
});

// A data router: forms can block navigation away from unsaved input (useBlocker).
const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        <Route
          path="o/:object"
          element={<ObjectListPage />}
          loader={listLoader(queryClient)}
          shouldRevalidate={listShouldRevalidate}
          hydrateFallbackElement={<Skeleton active />}
        />
        <Route path="o/:object/new" element={<Lazy component={RecordEditPage} />} />
        <Route path="o/:object/import" element={<Lazy component={ImportPage} />} />
        <Route path="o/:object/recycle-bin" element={<Lazy component={RecycleBinPage} />} />
        <Route path="o/:object/board" element={<Lazy component={BoardPage} />} />
        <Route path="o/:object/:id" element={<Lazy component={RecordPage} />} />
        <Route path="o/:object/:id/edit" element={<Lazy component={RecordEditPage} />} />
        <Route path="o/:object/:id/360" element={<Lazy component={RecordOverviewPage} />} />
        <Route path="tasks" element={<Lazy component={TaskInboxPage} />} />
        <Route path="notifications" element={<Lazy component={NotificationsPage} />} />
        <Route path="recycle-bin" element={<Lazy component={AllRecycleBinPage} />} />
        <Route path="admin/objects" element={<Lazy component={DesignerPage} />} />
        <Route path="admin/objects/:object" element={<Lazy component={DesignerPage} />} />
        <Route path="admin/objects/:object/layout" element={<Lazy component={LayoutDesignerPage} />} />
        <Route path="admin/objects/:object/pipelines" element={<Lazy component={PipelinesPage} />} />
        <Route
          path="admin/objects/:object/assignment-rules"
          element={<Lazy component={AssignmentRulesPage} />}
        />
        <Route path="admin/users" element={<Lazy component={UsersPage} />} />
        <Route path="admin/departments" element={<Lazy component={DepartmentsPage} />} />
        <Route path="admin/roles" element={<Lazy component={RolesPage} />} />
        <Route path="admin/sharing" element={<Lazy component={SharingPage} />} />
        <Route path="admin/backups" element={<Lazy component={BackupsPage} />} />
        <Route path="admin/calendar" element={<Lazy component={CalendarPage} />} />
        <Route path="admin/index-advisor" element={<Lazy component={IndexAdvisorPage} />} />
        <Route path="admin/automations" element={<Lazy component={AutomationsPage} />} />
        <Route path="admin/automations/new" element={<Lazy component={AutomationEditorPage} />} />
        <Route path="admin/automations/:id" element={<Lazy component={AutomationEditorPage} />} />
        <Route path="me/tokens" element={<Lazy component={TokensPage} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </>,
  ),
);

const theme = { token: { colorPrimary: "#1677ff", borderRadius: 6 } };

export function App() {
  const language = useLanguage();
  useEffect(() => {
    dayjs.locale(language === "zh-CN" ? "zh-cn" : "en");
  }, [language]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={language === "zh-CN" ? zhCN : enUS} theme={theme}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
