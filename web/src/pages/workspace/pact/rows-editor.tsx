import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** One row of a table being edited: its values as typed, and the server's id when it has one. */
export interface EditableRow {
  key: string;
  id?: string;
  values: Record<string, string>;
}

export interface RowColumn {
  name: string;
  label: string;
  required?: boolean;
  wide?: boolean;
  inputMode?: 'text' | 'decimal' | 'numeric';
  maxLength?: number;
  hint?: string;
}

let nextKey = 0;

export function newRow(values: Record<string, string> = {}, id?: string): EditableRow {
  nextKey += 1;
  return { key: `row-${nextKey}`, ...(id !== undefined ? { id } : {}), values };
}

interface RowsEditorProps {
  /** Ids read `${idPrefix}-${field}[i].${column}`, the server's name for the field, so that error links reach it. */
  idPrefix: string;
  field: string;
  caption: string;
  /** "Objective 2": names the row for screen readers and for its remove button. */
  rowLabel: (index: number) => string;
  columns: RowColumn[];
  rows: EditableRow[];
  onChange: (rows: EditableRow[]) => void;
  /** Messages by field name, `objectives[0].title`. */
  errors: Record<string, string>;
  addLabel: string;
  emptyText: string;
}

/**
 * A table whose rows are added, removed and edited in place. Every input has a label naming its row
 * and column; adding a row moves the focus into it, removing one returns the focus to the add button
 * and says so, since the focused button disappeared.
 */
export function RowsEditor({ idPrefix, field, caption, rowLabel, columns, rows, onChange, errors, addLabel, emptyText }: RowsEditorProps) {
  const { t } = useTranslation();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const table = useRef<HTMLTableElement>(null);
  const firstColumn = columns[0]?.name ?? '';

  useEffect(() => {
    if (focusKey === null) return;
    table.current?.querySelector<HTMLInputElement>(`[data-row="${focusKey}"]`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const cellId = (index: number, column: string) => `${idPrefix}-${field}[${index}].${column}`;
  const update = (index: number, column: string, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, values: { ...row.values, [column]: value } } : row)));
  const add = () => {
    const row = newRow();
    onChange([...rows, row]);
    setFocusKey(row.key);
    setAnnouncement('');
  };
  const remove = (index: number) => {
    const label = rowLabel(index);
    onChange(rows.filter((_, i) => i !== index));
    setAnnouncement(t('pactWorkspace.rows.removed', { row: label }));
    addButton.current?.focus();
  };

  return (
    <div className="rows-editor">
      {rows.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <div className="table-wrap">
          <table ref={table}>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pactWorkspace.rows.number')}</th>
                {columns.map((column) => (
                  <th scope="col" key={column.name}>
                    {column.label}
                    {column.required && <span className="field__required"> *</span>}
                    {column.hint && <span className="caption__hint"> ({column.hint})</span>}
                  </th>
                ))}
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.key}>
                  <th scope="row">{index + 1}</th>
                  {columns.map((column) => {
                    const id = cellId(index, column.name);
                    const error = errors[`${field}[${index}].${column.name}`];
                    return (
                      <td key={column.name}>
                        <div className={`field${error ? ' field--error' : ''}${column.wide ? ' rows-editor__wide' : ''}`}>
                          <label className="sr-only" htmlFor={id}>
                            {rowLabel(index)}
                            {t('common.colon')}
                            {column.label}
                          </label>
                          {error && (
                            <p className="field__error" id={`${id}-error`}>
                              {error}
                            </p>
                          )}
                          <input
                            id={id}
                            data-row={column.name === firstColumn ? row.key : undefined}
                            value={row.values[column.name] ?? ''}
                            onChange={(event) => update(index, column.name, event.target.value)}
                            inputMode={column.inputMode}
                            maxLength={column.maxLength}
                            required={column.required}
                            autoComplete="off"
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${id}-error` : undefined}
                          />
                        </div>
                      </td>
                    );
                  })}
                  <td>
                    <button type="button" className="button button--small button--secondary" onClick={() => remove(index)}>
                      {t('pactWorkspace.rows.remove')}
                      <span className="sr-only"> {rowLabel(index)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="rows-editor__add">
        <button type="button" className="button button--secondary" ref={addButton} onClick={add}>
          {addLabel}
        </button>
      </p>
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
