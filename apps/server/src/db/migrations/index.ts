import { initialMigration } from "./001-initial.ts";
import { adminRoleMigration } from "./002-admin-role.ts";
import { accessControlMigration } from "./003-access-control.ts";
import { tokenScopesMigration } from "./004-token-scopes.ts";
import { validationRulesMigration } from "./005-validation-rules.ts";
import { compositeIndexesMigration } from "./006-composite-indexes.ts";
import { viewsMigration } from "./007-views.ts";
import { formLayoutsMigration } from "./008-form-layouts.ts";
import { importsMigration } from "./009-imports.ts";
import { actorColumnsUncheckedMigration } from "./010-actor-columns-unchecked.ts";
import { fieldFillingMigration } from "./011-field-filling.ts";
import { eventsRelayMigration } from "./012-events-relay.ts";
import { timersMigration } from "./013-timers.ts";
import { departmentHeadsMigration } from "./014-department-heads.ts";
import { bundleInstallsMigration } from "./015-bundle-installs.ts";
import { userSearchKeysMigration } from "./016-user-search-keys.ts";
import { pipelinesMigration } from "./017-pipelines.ts";
import { recordOverviewsMigration } from "./018-record-overviews.ts";
import { recordConversionsMigration } from "./019-record-conversions.ts";
import { notificationsMigration } from "./020-notifications.ts";
import { automationsMigration } from "./021-automations.ts";
import { workingCalendarMigration } from "./022-working-calendar.ts";
import { assignmentMigration } from "./023-assignment.ts";
import { webhookDeliveriesMigration } from "./024-webhook-deliveries.ts";
import { indexAdvisorMigration } from "./025-index-advisor.ts";
import { importChangesKeyMigration } from "./026-import-changes-key.ts";
import { auditRecordIndexMigration } from "./027-audit-record-index.ts";
import { outboxSeqNumberedOnlyMigration } from "./028-outbox-seq-numbered-only.ts";
import { outboxPayloadJsonMigration } from "./029-outbox-payload-json.ts";
import { eventOrderMigration } from "./030-event-order.ts";
import type { Migration } from "./migration.ts";

/** Every system migration, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  initialMigration,
  adminRoleMigration,
  accessControlMigration,
  tokenScopesMigration,
  validationRulesMigration,
  compositeIndexesMigration,
  viewsMigration,
  formLayoutsMigration,
  importsMigration,
  actorColumnsUncheckedMigration,
  fieldFillingMigration,
  eventsRelayMigration,
  timersMigration,
  departmentHeadsMigration,
  bundleInstallsMigration,
  userSearchKeysMigration,
  pipelinesMigration,
  recordOverviewsMigration,
  recordConversionsMigration,
  notificationsMigration,
  automationsMigration,
  workingCalendarMigration,
  assignmentMigration,
  webhookDeliveriesMigration,
  indexAdvisorMigration,
  importChangesKeyMigration,
  auditRecordIndexMigration,
  outboxSeqNumberedOnlyMigration,
  outboxPayloadJsonMigration,
  eventOrderMigration,
];
