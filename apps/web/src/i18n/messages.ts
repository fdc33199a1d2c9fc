import type { zhCN } from "./zh-cn.ts";

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language's strings must have. */
export type Messages = Strings<typeof zhCN>;
