import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../shared/training-status';
import { LogConsole } from './log-console';

const line = (n: number, level: LogLine['level'] = 'info'): LogLine => ({ time: new Date(2026, 0, 1, 12, 0, n).toISOString(), level, message: `message ${String(n)}` });
const lines = (n: number): LogLine[] => Array.from({ length: n }, (_, i) => line(i));

/** jsdom does no layout: give the log box a scroll geometry the test controls. */
function geometry(element: HTMLElement, size: { scrollHeight: number; clientHeight: number }): void {
  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: () => size.scrollHeight });
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => size.clientHeight });
}

afterEach(() => vi.restoreAllMocks());

describe('LogConsole', () => {
  it('shows timestamped lines with their level', () => {
    render(<LogConsole lines={[line(5), line(6, 'warn'), line(7, 'error')]} fileBase="run" />);
    const log = screen.getByRole('log', { name: 'Training log' });
    const rows = log.querySelectorAll('.log-line');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('12:00:05message 5');
    expect(rows[1]).toHaveClass('log-line--warn');
    expect(rows[2]).toHaveClass('log-line--error');
    expect(within(log).getAllByText(/^12:00:0\d$/)[0]?.tagName).toBe('TIME');
  });

  it('follows new lines, pauses when the user scrolls up and resumes at the bottom', () => {
    const size = { scrollHeight: 1000, clientHeight: 200 };
    const view = render(<LogConsole lines={lines(10)} fileBase="run" />);
    const log = screen.getByRole('log', { name: 'Training log' });
    geometry(log, size);

    view.rerender(<LogConsole lines={lines(11)} fileBase="run" />);
    expect(log.scrollTop).toBe(1000);

    // The user scrolls up to read: new lines must not pull the view down.
    log.scrollTop = 300;
    fireEvent.scroll(log);
    size.scrollHeight = 1100;
    view.rerender(<LogConsole lines={lines(12)} fileBase="run" />);
    expect(log.scrollTop).toBe(300);
    expect(log).toHaveAttribute('data-following', 'false');
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeInTheDocument();

    // Back at the bottom: following again.
    log.scrollTop = 900;
    fireEvent.scroll(log);
    size.scrollHeight = 1200;
    view.rerender(<LogConsole lines={lines(13)} fileBase="run" />);
    expect(log.scrollTop).toBe(1200);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('jumps to the latest line on request', async () => {
    const user = userEvent.setup();
    const size = { scrollHeight: 1000, clientHeight: 200 };
    render(<LogConsole lines={lines(10)} fileBase="run" />);
    const log = screen.getByRole('log', { name: 'Training log' });
    geometry(log, size);
    log.scrollTop = 100;
    fireEvent.scroll(log);
    await user.click(screen.getByRole('button', { name: 'Jump to latest' }));
    expect(log.scrollTop).toBe(1000);
    expect(log).toHaveAttribute('data-following', 'true');
  });

  it('copies the log to the clipboard', async () => {
    const user = userEvent.setup();
    render(<LogConsole lines={[line(1), line(2, 'warn')]} fileBase="run" />);
    await user.click(screen.getByRole('button', { name: 'Copy log' }));
    const text = await navigator.clipboard.readText();
    expect(text).toBe(`${line(1).time} INFO  message 1\n${line(2).time} WARN  message 2\n`);
    expect(await screen.findByRole('status')).toHaveTextContent('Copied 2 lines.');
  });

  it('says so when the clipboard refuses', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('Document is not focused'));
    render(<LogConsole lines={[line(1)]} fileBase="run" />);
    await user.click(screen.getByRole('button', { name: 'Copy log' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Could not copy the log: Document is not focused');
  });

  it('saves the log as a text file', async () => {
    const user = userEvent.setup();
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    URL.createObjectURL = vi.fn(() => 'blob:log');
    URL.revokeObjectURL = vi.fn();
    render(<LogConsole lines={[line(1)]} fileBase="20260101-demo" />);
    await user.click(screen.getByRole('button', { name: 'Save log' }));
    expect(clicks).toEqual(['20260101-demo-log.txt']);
  });

  it('disables Copy and Save while empty', () => {
    render(<LogConsole lines={[]} fileBase="run" />);
    expect(screen.getByRole('button', { name: 'Copy log' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save log' })).toBeDisabled();
    expect(screen.getByText('No log lines yet.')).toBeInTheDocument();
  });
});
