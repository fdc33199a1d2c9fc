import { describe, expect, it } from "vitest";
import { attachmentDisposition, decodeFileNameHeader } from "./file-name.ts";

describe("decodeFileNameHeader", () => {
  it("decodes percent-encoded UTF-8 names", () => {
    expect(decodeFileNameHeader(encodeURIComponent("华东区 报价单（终版）.pdf"))).toBe(
      "华东区 报价单（终版）.pdf",
    );
  });

  it('falls back to "file" when the header is absent or blank', () => {
    expect(decodeFileNameHeader(undefined)).toBe("file");
    expect(decodeFileNameHeader("%20%20")).toBe("file");
  });

  it("rejects broken encodings, raw non-ASCII, control characters and overlong names", () => {
    for (const header of [
      "%E4%B8",
      "%zz",
      "é.txt",
      "a%0Ab.txt",
      "a%00b",
      encodeURIComponent("名".repeat(256)),
    ]) {
      expect(() => decodeFileNameHeader(header), header).toThrow(
        expect.objectContaining({ code: "FILE_NAME_INVALID" }),
      );
    }
    expect(() => decodeFileNameHeader(["a", "b"])).toThrow(
      expect.objectContaining({ code: "FILE_NAME_INVALID" }),
    );
  });

  it("accepts 255 characters counted as code points", () => {
    const name = "𠀀".repeat(255);
    expect(decodeFileNameHeader(encodeURIComponent(name))).toBe(name);
  });
});

describe("attachmentDisposition", () => {
  it("encodes every character RFC 8187 does not allow bare", () => {
    expect(attachmentDisposition("合同 (v2) it's*.pdf")).toBe(
      "attachment; filename*=UTF-8''%E5%90%88%E5%90%8C%20%28v2%29%20it%27s%2A.pdf",
    );
  });

  it("round-trips through decodeURIComponent", () => {
    const name = '客户名单;"引号"\\.xlsx';
    const encoded = attachmentDisposition(name).split("''")[1]!;
    expect(decodeURIComponent(encoded)).toBe(name);
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });
});
