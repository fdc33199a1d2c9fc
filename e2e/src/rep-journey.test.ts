import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login, tableRows } from "./ui.ts";

// A rep's day under private sharing (issue 15): the admin makes customers private; 王芳 (华东销售) sees her
// own customers editable, a colleague's customer shared with her to read offers no edit, delete or transfer
// (and the server refuses them), and "My records" / "My team's records" narrow the list. 李强 works in
// 华东一组, a department below hers, so he is in her team; 赵敏 (华南销售) is not, though she shared a
// customer with 王芳 too — the team filter, not access, leaves hers out.

let world: TestWorld;
let page: Page;
const PASSWORD = "password-123";
const REPS = {
  wang: { name: "王芳", email: "wangfang@keduo.e2e" },
  li: { name: "李强", email: "liqiang@keduo.e2e" },
  zhao: { name: "赵敏", email: "zhaomin@keduo.e2e" },
};
const clients: Partial<Record<keyof typeof REPS, ApiClient>> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = await startWorld();
  const { api } = world;
  await api.request("PATCH", "/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
  });
  const department = async (name: string, parent: string | null) =>
    (await api.request<{ id: string }>("POST", "/api/org/departments", { name, parent_id: parent })).id;
  const east = await department("华东销售", null);
  const departments = {
    wang: east,
    li: await department("华东一组", east),
    zhao: await department("华南销售", null),
  };
  await defineObject(api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Name") },
  ]);
  for (const [key, rep] of Object.entries(REPS) as Array<[keyof typeof REPS, (typeof REPS)["wang"]]>) {
    await api.request("POST", "/api/users", { ...rep, password: PASSWORD, department_id: departments[key] });
    clients[key] = await ApiClient.login(world.server.url, rep.email, PASSWORD);
  }
  // Each rep creates their own customers: they own them.
  for (const [key, name] of [
    ["wang", "王芳的苏州精密"],
    ["wang", "王芳的无锡模具"],
    ["li", "李强的常州电机"],
    ["zhao", "赵敏的广州五金"],
  ] as const)
    ids[name] = (await clients[key]!.request<{ id: string }>("POST", "/api/records/customer", { name })).id;
  const wangId = (await clients.wang!.request<{ user: { id: string } }>("GET", "/api/auth/me")).user.id;
  for (const [key, name] of [
    ["li", "李强的常州电机"],
    ["zhao", "赵敏的广州五金"],
  ] as const)
    await clients[key]!.request("POST", `/api/records/customer/${ids[name]}/shares`, {
      grantee_kind: "user",
      grantee_id: wangId,
      access: "read",
    });
  page = await openPage(world);
});

afterAll(() => stopWorld(world));

const step = journey(() => page);
const names = (on: Page) => tableRows(on).locator("td:nth-child(2)").allTextContents();
const statusOf = (request: Promise<unknown>) =>
  request.then(
    () => 200,
    (error: Error) => Number(/→ (\d{3})/.exec(error.message)?.[1] ?? 0),
  );

describe("a rep signed in under private sharing", () => {
  step("the admin makes customers private on the Sharing page (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("共享设置").click();
    await page.getByTestId("sharing-default").getByText("私有：负责人及其上级").click();
    await expect
      .poll(
        async () =>
          (await world.api.request<{ sharing_default: string }>("GET", "/api/meta/objects/customer"))
            .sharing_default,
      )
      .toBe("private");
    await screenshot(page, "rep-journey-sharing-1280-zh");
    await page.context().close();
    page = await openPage(world);
  });

  step("王芳 signs in and sees her own customers and the two shared with her, by name", async () => {
    await login(page, REPS.wang.email, PASSWORD);
    await page.goto("/o/customer");
    await expect
      .poll(() => names(page).then((n) => n.sort()))
      .toEqual(["李强的常州电机", "王芳的无锡模具", "王芳的苏州精密", "赵敏的广州五金"]);
    await expect.poll(() => tableRows(page).getByTestId("person-name").allTextContents()).toContain("李强");
    await screenshot(page, "rep-journey-list-1280-zh");
  });

  step("her own customer offers edit, delete and handing it on", async () => {
    await tableRows(page).filter({ hasText: "王芳的苏州精密" }).getByText("王芳的苏州精密").click();
    await page.getByTestId("edit-record").waitFor();
    await page.getByTestId("delete-record").waitFor();
    // An owner may hand on their own record (the server allows it without the transfer right).
    await page.getByTestId("transfer").waitFor();
    await page.getByTestId("inline-edit-name").waitFor();
    expect(await page.getByTestId("record-read-only").count()).toBe(0);
    await screenshot(page, "rep-journey-own-record-1280-zh");
  });

  step(
    "李强's customer, shared to read, offers no edit, delete or transfer — and the server refuses them",
    async () => {
      await page.goto(`/o/customer/${ids.李强的常州电机}`);
      await page.getByTestId("record-read-only").waitFor();
      await expect.poll(() => page.getByTestId("record-owner").textContent()).toContain("李强");
      for (const control of ["edit-record", "delete-record", "transfer", "inline-edit-name"])
        expect(await page.getByTestId(control).count(), control).toBe(0);
      await page.getByTestId("record-read-only").hover();
      await page.getByText("你可以查看这条记录，但无权修改").waitFor();
      await screenshot(page, "rep-journey-read-only-1280-zh");
      const path = `/api/records/customer/${ids.李强的常州电机}`;
      const wang = clients.wang!;
      expect(await statusOf(wang.request("PATCH", path, { name: "改掉" }))).toBe(403);
      expect(await statusOf(wang.request("DELETE", path))).toBe(403);
      const me = (await wang.request<{ user: { id: string } }>("GET", "/api/auth/me")).user.id;
      const transfer = wang.request("POST", "/api/records/customer/transfer", {
        ids: [ids.李强的常州电机],
        owner_id: me,
      });
      expect(await statusOf(transfer)).toBe(403);
    },
  );

  step(
    "'My records' and 'My team's records' narrow her list; 赵敏's customer is not her team's",
    async () => {
      await page.goto("/o/customer");
      await tableRows(page).first().waitFor();
      const scope = page.getByTestId("owner-scope");
      await scope.getByText("我的记录").click();
      await expect
        .poll(() => names(page).then((n) => n.sort()))
        .toEqual(["王芳的无锡模具", "王芳的苏州精密"]);
      await scope.getByText("我团队的记录").click();
      await expect
        .poll(() => names(page).then((n) => n.sort()))
        .toEqual(["李强的常州电机", "王芳的无锡模具", "王芳的苏州精密"]);
      expect(page.url()).toContain(encodeURIComponent("$my_team"));
      await screenshot(page, "rep-journey-my-team-1280-zh");
      await scope.getByText("全部").click();
      await expect.poll(() => names(page).then((n) => n.length)).toBe(4);
    },
  );

  step("the same at phone width in English", async () => {
    await withPage(
      world,
      {
        viewport: PHONE,
        locale: "en",
        user: { email: REPS.wang.email, password: PASSWORD },
        name: "rep-journey-phone",
      },
      async (phone) => {
        await phone.goto("/o/customer");
        const cards = phone.getByTestId("record-cards");
        await cards.first().waitFor();
        await phone.getByTestId("owner-scope").getByText("My team's records").click();
        await expect.poll(async () => (await cards.textContent()) ?? "").not.toContain("赵敏的广州五金");
        for (const name of ["李强的常州电机", "王芳的无锡模具", "王芳的苏州精密"])
          await cards.getByText(name).waitFor();
        await screenshot(phone, "rep-journey-my-team-390-en");
        await cards.getByText("李强的常州电机").click();
        await phone.getByTestId("record-read-only").waitFor();
        expect(await phone.getByTestId("edit-record").count()).toBe(0);
        await screenshot(phone, "rep-journey-read-only-390-en");
      },
    );
  });

  step("her recycle bin shows what she deleted, not what a colleague deleted, and restores it", async () => {
    await page.goto(`/o/customer/${ids.王芳的无锡模具}`);
    await page.getByTestId("delete-record").click();
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    await page.waitForURL(/\/o\/customer$/);
    await clients.li!.request("DELETE", `/api/records/customer/${ids.李强的常州电机}`);
    await page.getByTestId("nav-menu").getByText("回收站").click();
    await page.waitForURL(/\/recycle-bin$/);
    const bin = tableRows(page);
    await expect.poll(() => bin.allTextContents()).toEqual([expect.stringContaining("王芳的无锡模具")]);
    await expect.poll(() => bin.first().getByTestId("person-name").first().textContent()).toBe("王芳");
    await screenshot(page, "rep-journey-recycle-bin-1280-zh");
    await bin.first().getByTestId("restore").click();
    await page.getByText("已恢复“王芳的无锡模具”").waitFor();
    await expect.poll(() => bin.count()).toBe(0);
    expect(await page.getByTestId("purge").count()).toBe(0);
  });
});
