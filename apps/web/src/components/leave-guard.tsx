import { Modal } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Blocker, useBlocker } from "react-router";

/** While `dirty`, closing or reloading the tab asks the browser's own "leave site?" first. */
export function useWarnBeforeUnload(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}

/**
 * Typed but not saved: leaving the page (a link, back, closing the tab) asks first. The form calls `setDirty`
 * on every change and after a save; `isDirty` reads the same state without waiting for a render.
 */
export function useLeaveGuard() {
  const [dirty, setDirtyState] = useState(false);
  // The blocker reads a ref: right after a save the navigation to what was saved must pass at once.
  const dirtyRef = useRef(false);
  const setDirty = (value: boolean) => {
    dirtyRef.current = value;
    setDirtyState(value);
  };
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirtyRef.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useWarnBeforeUnload(dirty);
  return { setDirty, isDirty: () => dirtyRef.current, blocker };
}

/** Asks whether to throw away what was typed when the guard stopped a navigation. */
export function LeaveModal({ blocker }: { blocker: Blocker }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={blocker.state === "blocked"}
      title={t("record.leaveTitle")}
      okText={t("record.leave")}
      okButtonProps={{ danger: true }}
      cancelText={t("record.stay")}
      onOk={() => blocker.proceed?.()}
      onCancel={() => blocker.reset?.()}
    >
      {t("record.leaveDetail")}
    </Modal>
  );
}
