import { describe, expect, it } from "vitest";
import { emailProblem } from "./email-address.ts";

describe("email addresses", () => {
  it("accepts addresses with a Unicode local part or domain as typed", () => {
    for (const address of ["张三@例子.公司", "info@münchen.de", "a.b+c@example.cn", "x@xn--fiqs8s.cn"]) {
      expect(emailProblem(address), address).toBeNull();
    }
  });

  it("names a full-width @ or dot from a Chinese input method", () => {
    expect(emailProblem("张三＠例子.公司")).toEqual({ code: "full_width_in_email", params: { char: "＠" } });
    expect(emailProblem("info@例子。公司")).toEqual({ code: "full_width_in_email", params: { char: "。" } });
  });

  it("refuses what cannot be an address", () => {
    for (const text of [
      "a@b",
      "@example.cn",
      "a@@b.cn",
      "a b@c.cn",
      "a@.cn",
      "a@b..cn",
      "a@-b.cn",
      "a@b,c.cn",
    ]) {
      expect(emailProblem(text), text).toEqual({ code: "invalid_email" });
    }
  });
});
