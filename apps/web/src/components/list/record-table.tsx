import { Table, type TableColumnsType, type TableProps } from "antd";
import {
  type ComponentProps,
  type Key,
  memo,
  type ReactNode,
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { RecordData } from "../../api/types.ts";

/** A function whose identity never changes and that always calls the latest `fn` (for memoized children). */
export function useStableCallback<Args extends unknown[], Result>(
  fn: (...args: Args) => Result,
): (...args: Args) => Result {
  const latest = useRef(fn);
  latest.current = fn;
  return useCallback((...args: Args) => latest.current(...args), []);
}

/**
 * The desktop list's table. Memoized: the list page re-renders for every keystroke in the search box, each
 * popover and each router state change (a navigation starting), and none of those should re-render 50 rows.
 * Every prop must therefore keep its identity between renders unless it really changed.
 */
export const RecordTable = memo(function RecordTable({
  list,
  columns,
  records,
  loading,
  emptyText,
  selectedIds,
  selectable,
  lockedHint,
  onSelectedChange,
  onOpen,
  onChange,
}: {
  /** Which list the rows belong to (the object): a new list shows its first screen of rows first. */
  list: string;
  columns: TableColumnsType<RecordData>;
  records: RecordData[];
  loading: boolean;
  emptyText: ReactNode;
  selectedIds: string[];
  /** Rows the bulk actions may take (the user may edit them); others' boxes are disabled with `lockedHint`. */
  selectable: (record: RecordData) => boolean;
  lockedHint: string;
  onSelectedChange: (ids: string[]) => void;
  onOpen: (record: RecordData) => void;
  onChange: TableProps<RecordData>["onChange"];
}) {
  const rowSelection = useMemo(
    () => ({
      selectedRowKeys: selectedIds,
      onChange: (keys: Key[]) => onSelectedChange(keys.map(String)),
      getCheckboxProps: (record: RecordData) =>
        selectable(record) ? {} : { disabled: true, title: lockedHint },
      columnWidth: 40,
    }),
    [selectedIds, onSelectedChange, selectable, lockedHint],
  );
  const onRow = useCallback(
    (record: RecordData) => ({ onClick: () => onOpen(record), style: { cursor: "pointer" } }),
    [onOpen],
  );
  const locale = useMemo(() => ({ emptyText }), [emptyText]);
  // A list opening (another object's, or the first) commits the rows a screen holds, then the rest of
  // the page in a background render: the first screen is painted after a third of the work. Later
  // changes of the same list (next page, filter, refetch) show all their rows at once.
  const [completeFor, setCompleteFor] = useState<string | null>(null);
  const complete = completeFor === list;
  const shown =
    complete || records.length <= FIRST_SCREEN_ROWS ? records : records.slice(0, FIRST_SCREEN_ROWS);
  useEffect(() => {
    if (!complete && records.length > 0) startTransition(() => setCompleteFor(list));
  }, [complete, records, list]);
  return (
    <Table<RecordData>
      data-testid="record-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={shown}
      loading={loading}
      pagination={false}
      // Wide lists scroll sideways in their own box, as `scroll={{ x: "max-content" }}` would do, without
      // the measuring that comes with it: antd then measures every column after each render (and `sticky`
      // adds a scroll bar that reads the layout again), re-rendering the table two or three times more
      // before the rows are painted. The header therefore scrolls with the page.
      styles={TABLE_STYLES}
      components={TABLE_COMPONENTS}
      tableLayout="auto"
      onChange={onChange}
      rowSelection={rowSelection}
      locale={locale}
      onRow={onRow}
    />
  );
});

/** Rows of 48 px under the toolbar: a 1080 px high window shows about 18. */
const FIRST_SCREEN_ROWS = 20;

const TABLE_STYLES = { content: { overflowX: "auto" } } as const;

/** The table as wide as its content (cells stay on one line), at least as wide as the list. */
function MaxContentTable(props: ComponentProps<"table">) {
  return <table {...props} style={{ ...props.style, width: "max-content", minWidth: "100%" }} />;
}
const TABLE_COMPONENTS = { table: MaxContentTable };
