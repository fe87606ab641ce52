import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, rendererFileFor } from './app-url';

const root = path.resolve('/opt/wakeword/out/renderer');

describe('app:// URLs', () => {
  it('map to files under the renderer folder', () => {
    expect(rendererFileFor(root, 'app://wakeword/index.html')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://wakeword/')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://wakeword/assets/index-1.js?x=1#y')).toBe(path.join(root, 'assets', 'index-1.js'));
  });

  it('never leave the renderer folder', () => {
    for (const url of ['app://wakeword/../../etc/passwd', 'app://wakeword/%2e%2e/%2e%2e/etc/passwd', 'app://wakeword/assets/..%2f..%2f..%2fetc/passwd', 'app://wakeword/..%5c..%5cetc%5cpasswd']) {
      const file = rendererFileFor(root, url);
      // Either refused or normalised to a file inside the folder, never the real /etc/passwd.
      if (file !== null) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(rendererFileFor(root, 'app://wakeword/assets/..%2f..%2f..%2fetc/passwd')).toBeNull();
  });

  it('refuse other hosts, other schemes and malformed paths', () => {
    for (const url of ['app://other/index.html', 'file:///etc/passwd', 'app://wakeword/%00x', 'app://wakeword/%E0%A4%A', 'not a url']) {
      expect(rendererFileFor(root, url), url).toBeNull();
    }
  });
});

describe('external links', () => {
  it('open only https links to the hosts the app links to', () => {
    expect(isAllowedExternalUrl('https://github.com/espeak-ng/espeak-ng/releases')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
