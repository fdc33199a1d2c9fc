import type { FieldTypeName } from "../metadata/definitions.ts";
import { addressType } from "./address-type.ts";
import { autoNumberType } from "./auto-number-type.ts";
import { booleanType, dateType, datetimeType } from "./date-types.ts";
import { departmentType } from "./department-type.ts";
import type { FieldType } from "./field-type.ts";
import { formulaType } from "./formula-type.ts";
import { currencyType, numberType, percentType } from "./number-types.ts";
import { attachmentType, relationType, userType } from "./reference-types.ts";
import { multiSelectType, singleSelectType } from "./select-types.ts";
import { emailType, longTextType, phoneType, richTextType, textType, urlType } from "./text-types.ts";

export const FIELD_TYPES: Record<FieldTypeName, FieldType> = {
  text: textType,
  long_text: longTextType,
  rich_text: richTextType,
  number: numberType,
  currency: currencyType,
  percent: percentType,
  date: dateType,
  datetime: datetimeType,
  boolean: booleanType,
  single_select: singleSelectType,
  multi_select: multiSelectType,
  email: emailType,
  phone: phoneType,
  url: urlType,
  address: addressType,
  user: userType,
  relation: relationType,
  attachment: attachmentType,
  auto_number: autoNumberType,
  department: departmentType,
  formula: formulaType,
};

export function isFieldTypeName(name: unknown): name is FieldTypeName {
  return typeof name === "string" && Object.hasOwn(FIELD_TYPES, name);
}

export function fieldTypeOf(name: FieldTypeName): FieldType {
  return FIELD_TYPES[name];
}
