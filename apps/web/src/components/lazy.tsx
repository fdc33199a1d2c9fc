import { Skeleton } from "antd";
import { type ComponentType, type LazyExoticComponent, Suspense } from "react";

/** A code-split page with a skeleton while its chunk loads. */
export function Lazy({ component: Component }: { component: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense fallback={<Skeleton active style={{ padding: 24 }} />}>
      <Component />
    </Suspense>
  );
}
