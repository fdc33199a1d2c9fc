import { type Clock, createFormulaContext, type FieldIssue, KeduoError, uuidv7 } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import { type AccessContext, assertObjectPermission, restrictModel } from "../access/index.ts";
import { modelOrThrow } from "../metadata/index.ts";
import {
  assertDefinition,
  type DefinitionInput,
  type DefinitionScope,
  definitionFor,
  MAX_NAME,
} from "./view-definition.ts";
import {
  deleteViews,
  insertView,
  loadChoice,
  loadView,
  loadVisibleViews,
  nameTaken,
  type StoredView,
  saveChoice,
  updateView,
  type ViewDefinition,
} from "./view-rows.ts";

export interface ViewInput extends DefinitionInput {
  name?: string;
  shared?: boolean;
}

/** A view as one user receives it: only what they may see, and whether they may change it. */
export interface ServedView {
  view: StoredView;
  definition: ViewDefinition & { filterRelaxed: boolean };
  editable: boolean;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";

/**
 * Saved list views: personal ones (owner = the user) and shared ones (every reader of the object sees them,
 * managing them needs `manage_metadata`), plus each user's last-used view per object. Definitions are checked
 * against the object as the saving user sees it and re-checked for each user they are served to.
 */
export class ViewsService {
  private readonly deps: { database: Database; clock: Clock; config: ServerConfig };

  constructor(deps: ViewsService["deps"]) {
    this.deps = deps;
  }

  private scope(objectName: string, access: AccessContext): DefinitionScope {
    const model = modelOrThrow(access.snapshot, objectName);
    assertObjectPermission(access, objectName, "read");
    const context = createFormulaContext(this.deps.clock, this.deps.config.timeZone);
    return {
      model: restrictModel(model, access),
      schemas: this.deps.database.schemas,
      today: context.today,
      timeZone: context.timeZone,
    };
  }

  private serve(scope: DefinitionScope, view: StoredView, access: AccessContext): ServedView {
    return {
      view,
      definition: definitionFor(scope, view.definition),
      editable: view.ownerId === null ? mayManageShared(access) : view.ownerId === access.userId,
    };
  }

  async list(objectName: string, access: AccessContext) {
    const scope = this.scope(objectName, access);
    const userId = userOf(access);
    const { db } = this.deps.database;
    const [views, choice] = await Promise.all([
      loadVisibleViews(db, objectName, userId),
      loadChoice(db, userId, objectName),
    ]);
    const current = views.find((view) => view.id === choice);
    return {
      views: views.map((view) => this.serve(scope, view, access)),
      currentViewId: current?.id ?? null,
    };
  }

  async get(objectName: string, id: string, access: AccessContext): Promise<ServedView> {
    const scope = this.scope(objectName, access);
    return this.serve(scope, await visibleViewOrThrow(this.deps.database.db, objectName, id, access), access);
  }

  async create(objectName: string, input: ViewInput, access: AccessContext): Promise<ServedView> {
    const scope = this.scope(objectName, access);
    const userId = userOf(access);
    const shared = input.shared ?? false;
    if (shared && !mayManageShared(access)) throw new KeduoError("VIEW_SHARING_FORBIDDEN");
    const issues: FieldIssue[] = [];
    const name = checkName(input.name, issues);
    assertDefinitionWith(scope, input, issues);
    const now = this.deps.clock.now();
    const view: StoredView = {
      id: uuidv7(),
      object: objectName,
      name,
      ownerId: shared ? null : userId,
      definition: {
        columns: input.columns ?? [],
        filter: input.filter ?? null,
        sort: input.sort ?? [],
        search: normaliseSearch(input.search),
      },
      version: 1,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.write(async (trx) => {
      await assertNameFree(trx, view);
      await insertView(trx, view);
    });
    return this.serve(scope, view, access);
  }

  async update(
    objectName: string,
    id: string,
    patch: ViewInput,
    expectedVersion: number | undefined,
    access: AccessContext,
  ): Promise<ServedView> {
    const scope = this.scope(objectName, access);
    const issues: FieldIssue[] = [];
    const name = patch.name === undefined ? undefined : checkName(patch.name, issues);
    const view = await this.write(async (trx) => {
      const before = await visibleViewOrThrow(trx, objectName, id, access, { lock: true });
      assertMayChange(before, access, expectedVersion);
      if (
        patch.shared !== undefined &&
        patch.shared !== (before.ownerId === null) &&
        !mayManageShared(access)
      )
        throw new KeduoError("VIEW_SHARING_FORBIDDEN");
      assertDefinitionWith(scope, patch, issues);
      // Saving replaces each part sent with what the saving user sees and sent; unsent parts stay as stored.
      const after: StoredView = {
        ...before,
        name: name ?? before.name,
        ownerId: patch.shared === undefined ? before.ownerId : patch.shared ? null : userOf(access),
        definition: {
          columns: patch.columns ?? before.definition.columns,
          filter: patch.filter === undefined ? before.definition.filter : patch.filter,
          sort: patch.sort ?? before.definition.sort,
          search: patch.search === undefined ? before.definition.search : normaliseSearch(patch.search),
        },
        version: before.version + 1,
        updatedAt: this.deps.clock.now(),
      };
      await assertNameFree(trx, after);
      await updateView(trx, after);
      return after;
    });
    return this.serve(scope, view, access);
  }

  async remove(
    objectName: string,
    id: string,
    expectedVersion: number | undefined,
    access: AccessContext,
  ): Promise<void> {
    this.scope(objectName, access);
    await this.write(async (trx) => {
      const view = await visibleViewOrThrow(trx, objectName, id, access, { lock: true });
      assertMayChange(view, access, expectedVersion);
      await deleteViews(trx, { object: objectName, id });
    });
  }

  /** Remembers the view the user last opened (null: all records, no saved view). */
  async choose(objectName: string, viewId: string | null, access: AccessContext): Promise<void> {
    this.scope(objectName, access);
    const { db } = this.deps.database;
    if (viewId !== null) await visibleViewOrThrow(db, objectName, viewId, access);
    await saveChoice(db, { userId: userOf(access), object: objectName, viewId, at: this.deps.clock.now() });
  }

  private async write<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await this.deps.database.db.transaction().execute(work);
    } catch (error) {
      // Two saves racing past the name check: the unique index decides, reported like the check would.
      if (isUniqueViolation(error))
        throw new KeduoError("VALIDATION_FAILED", { issues: [{ field: "name", code: "duplicate_name" }] });
      throw error;
    }
  }
}

function userOf(access: AccessContext): string {
  if (!access.userId) throw new KeduoError("FORBIDDEN");
  return access.userId;
}

const mayManageShared = (access: AccessContext) => access.permissions.system.manage_metadata;

function checkName(input: string | undefined, issues: FieldIssue[]): string {
  const name = (input ?? "").trim();
  if (!name) issues.push({ field: "name", code: "required" });
  else if (name.length > MAX_NAME)
    issues.push({ field: "name", code: "too_long", params: { max: MAX_NAME } });
  return name;
}

function normaliseSearch(search: string | null | undefined): string | null {
  const text = search?.trim();
  return text ? text : null;
}

function assertDefinitionWith(scope: DefinitionScope, input: DefinitionInput, issues: FieldIssue[]) {
  if (issues.length === 0) return assertDefinition(scope, input);
  try {
    assertDefinition(scope, input);
  } catch (error) {
    if (error instanceof KeduoError) issues.push(...error.issues);
  }
  throw new KeduoError("VALIDATION_FAILED", { issues });
}

async function visibleViewOrThrow(
  executor: Parameters<typeof loadView>[0],
  objectName: string,
  id: string,
  access: AccessContext,
  options = { lock: false },
): Promise<StoredView> {
  const view = await loadView(executor, objectName, id, options);
  // Someone else's personal view looks exactly like a missing one.
  if (!view || (view.ownerId !== null && view.ownerId !== access.userId))
    throw new KeduoError("VIEW_NOT_FOUND", { params: { object: objectName, id } });
  return view;
}

function assertMayChange(view: StoredView, access: AccessContext, expectedVersion: number | undefined) {
  if (view.ownerId === null && !mayManageShared(access)) throw new KeduoError("VIEW_SHARING_FORBIDDEN");
  if (expectedVersion !== undefined && expectedVersion !== view.version)
    throw new KeduoError("VIEW_VERSION_CONFLICT", {
      params: { expected: expectedVersion, actual: view.version },
      extra: { current_version: view.version },
    });
}

async function assertNameFree(trx: Trx, view: StoredView) {
  if (await nameTaken(trx, view))
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "name", code: "duplicate_name", params: { value: view.name } }],
    });
}
