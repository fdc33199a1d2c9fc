import { describe, expect, it } from "vitest";
import { suggestApiName, suggestOptionValue } from "./form-problems.ts";

describe("API names suggested from English labels", () => {
  it("keeps words whole", () => {
    expect(suggestApiName("Contact phone")).toBe("contact_phone");
    expect(suggestApiName("Café owner")).toBe("cafe_owner");
    expect(suggestApiName("Customer's e-mail")).toBe("customers_e_mail");
    expect(suggestApiName("2026 target")).toBe("target");
    const long = suggestApiName("Average contract amount of key accounts in the eastern region");
    expect(long).toBe("average_contract_amount_of_key_accounts");
  });

  it("makes option values the same way, within 60 characters", () => {
    expect(suggestOptionValue("A")).toBe("a");
    expect(suggestOptionValue("Straße")).toBe("strasse");
    expect(suggestOptionValue("Very large enterprise customers with a framework agreement signed")).toBe(
      "very_large_enterprise_customers_with_a_framework_agreement",
    );
  });
});
