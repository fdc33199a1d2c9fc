import { theme } from "antd";
import type { CSSProperties } from "react";
import { useIsPhone } from "../../lib/use-is-phone.ts";

/**
 * At phone width a row of several inputs (a recipient, a field value) wraps onto two lines; a tinted box keeps
 * the lines of one row together so the eye does not pair them with the next row's. Nothing on a desk.
 */
export function usePhoneRow(): CSSProperties | undefined {
  const isPhone = useIsPhone();
  const { token } = theme.useToken();
  return isPhone
    ? { background: token.colorFillQuaternary, padding: 8, borderRadius: token.borderRadius }
    : undefined;
}
