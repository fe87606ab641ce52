import type { IpcMainInvokeEvent } from 'electron';

/**
 * A request is trusted only when it comes from the top frame of one of our windows showing our renderer:
 * not from an iframe, a stray webview, or a page that somehow navigated elsewhere.
 */
export function createSenderCheck(isOurWebContents: (id: number) => boolean, rendererUrlPrefix: string): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!isOurWebContents(event.sender.id)) return false;
    return isAllowedRendererUrl(frame.url, rendererUrlPrefix);
  };
}

export function isAllowedRendererUrl(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const rest = url.slice(prefix.length);
  // The prefix must end at a path, query or fragment boundary: file:///app/index.html.evil is not ours.
  return rest === '' || rest.startsWith('?') || rest.startsWith('#') || prefix.endsWith('/');
}
