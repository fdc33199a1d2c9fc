/** How many records of each CRM object the benchmark generates, and the two accounts its 360 is timed on. */

/** Records per object outside the two measured accounts. */
export interface CrmSizes {
  account: number;
  contact: number;
  opportunity: number;
  /** Opportunities open in the sales pipeline's stages (the kanban's cards); the rest are spread below. */
  openSales: number;
  openProject: number;
  quote: number;
  quote_line: number;
  contract: number;
  payment_plan: number;
  payment: number;
  ticket: number;
  activity: number;
  task: number;
}

export const FULL_SIZES: CrmSizes = {
  account: 50_000,
  contact: 150_000,
  opportunity: 200_000,
  openSales: 10_000,
  openProject: 2_500,
  quote: 20_000,
  quote_line: 40_000,
  contract: 50_000,
  payment_plan: 80_000,
  payment: 60_000,
  ticket: 50_000,
  activity: 280_000,
  task: 20_000,
};

export const QUICK_SIZES: CrmSizes = {
  account: 5_000,
  contact: 15_000,
  opportunity: 20_000,
  openSales: 10_000,
  openProject: 500,
  quote: 2_000,
  quote_line: 4_000,
  contract: 5_000,
  payment_plan: 8_000,
  payment: 6_000,
  ticket: 5_000,
  activity: 28_000,
  task: 2_000,
};

/** The related records of the two measured accounts, per section (sums: 1,000 and 10). */
export const BIG_ACCOUNT = {
  name: "基准大客户 · bench account with 1,000 related",
  related: {
    contact: 100,
    opportunity: 150,
    quote: 50,
    contract: 50,
    payment_plan: 100,
    payment: 100,
    ticket: 100,
    activity: 300,
    task: 50,
  },
};
export const SMALL_ACCOUNT = {
  name: "基准小客户 · bench account with 10 related",
  related: {
    contact: 2,
    opportunity: 1,
    quote: 1,
    contract: 1,
    payment_plan: 1,
    payment: 1,
    ticket: 1,
    activity: 1,
    task: 1,
  },
};

export const SALES_OPEN = [
  "lead_capture",
  "lead_assignment",
  "first_contact",
  "needs_analysis",
  "proposal",
  "negotiation",
  "contract_signing",
  "payment_followup",
];
export const PROJECT_OPEN = [
  "inquiry",
  "tech_exchange",
  "requirements",
  "solution_design",
  "sample_making",
  "sample_testing",
  "qualification",
  "quotation",
  "pilot_production",
  "pilot_acceptance",
  "contract",
  "volume_order",
];
