import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, historyToCsv } from './history-csv';
import { epochMetrics } from './test-history';

describe('historyToCsv', () => {
  it('writes a header and one row per epoch with full precision', () => {
    const csv = historyToCsv([epochMetrics(1), epochMetrics(2, { valLoss: 0.123456789 })]);
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(CSV_COLUMNS.map(([name]) => name).join(','));
    expect(lines[0]?.startsWith('epoch,epochs,train_loss,val_loss,train_acc,val_acc,fpr,fnr,f1,eer,fah')).toBe(true);
    const row = lines[2]?.split(',') ?? [];
    expect(row[0]).toBe('2');
    expect(row[3]).toBe('0.123456789');
    expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('leaves missing values empty and writes infinities as inf', () => {
    const row = historyToCsv([epochMetrics(1, { fah: Number.POSITIVE_INFINITY, hardNegativeFpr: null, valLoss: null as unknown as number })])
      .trimEnd()
      .split('\n')[1]
      ?.split(',');
    const at = (name: string) => row?.[CSV_COLUMNS.findIndex(([column]) => column === name)];
    expect(at('fah')).toBe('inf');
    expect(at('hard_negative_fpr')).toBe('');
    expect(at('val_loss')).toBe('');
  });

  it('is just the header for an empty history', () => {
    expect(historyToCsv([]).split('\n').filter(Boolean)).toHaveLength(1);
  });
});
