/**
 * Templates: the apps shipped with the platform as bundles under `templates/` (the CRM is `templates/crm`),
 * applied to an empty installation on its first start or by `keduo template apply <name>`.
 */
export {
  applyTemplateOnFirstStart,
  describeFirstStartTemplate,
  type TemplateTarget,
} from "./first-start.ts";
export { readTemplate, TEMPLATES_DIR, templateNames, UnknownTemplateError } from "./template-files.ts";
