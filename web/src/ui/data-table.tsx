import { Table, type TableProps, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

interface DataTableProps extends Omit<TableProps, 'children' | 'caption'> {
  /** The column headings in order; null for a column without one (row buttons). */
  head: ReactNode[];
  /** A wide table scrolls sideways below this width instead of squeezing its columns. */
  minWidth?: number;
  caption?: ReactNode;
  /** Marks each heading as its column's, where the table's rows start with a name of their own. */
  scope?: 'col';
  /** The rows. */
  children: ReactNode;
}

/** The heading of a column of row buttons: read out, not shown. */
export const ACTIONS_HEADING = <VisuallyHidden>Actions</VisuallyHidden>;

/** A table of records: caption, one row of headings, then the caller's rows. */
export function DataTable({ head, minWidth, caption, scope, children, ...props }: DataTableProps) {
  const table = (
    <Table {...props}>
      {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
      <Table.Thead>
        <Table.Tr>
          {head.map((heading, index) => (
            // A heading breaks between its words only (the body lets people's text break anywhere).
            // biome-ignore lint/suspicious/noArrayIndexKey: the headings are fixed and never reorder
            <Table.Th key={index} scope={scope} style={{ overflowWrap: 'normal' }}>
              {heading}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
  if (minWidth === undefined) return table;
  return <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}
