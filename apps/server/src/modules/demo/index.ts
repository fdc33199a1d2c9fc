/**
 * The demo company (issue 16 part 7): a precision-parts maker from JOURNEYS.md with its sales teams,
 * service, success, finance and legal, and a few thousand customers with everything around them, generated
 * from a seed. Each generator draws from its own stream, so a generator added later (automations, reports)
 * leaves what the others make unchanged.
 */
export {
  DEMO_DEFAULTS,
  DEMO_OBJECTS,
  type DemoOptions,
  type DemoOutcome,
  DemoUnavailableError,
  fillDemoCompany,
} from "./fill-demo.ts";
export { describeDemoLogins } from "./logins.ts";
export { DEMO_EMAIL_DOMAIN, type DemoUser } from "./org.ts";
export { createRng, type Rng, seedFrom } from "./random.ts";
