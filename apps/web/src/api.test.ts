import { describe, expect, it } from 'vitest';
import { liveUrl } from './api.js';

describe('liveUrl', () => {
  it('resumes after a position and carries the token as access_token', () => {
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:3000' }, 'dundee-tsg', 42, 'a b&c')).toBe(
      'ws://127.0.0.1:3000/api/programmes/dundee-tsg/live?after=42&access_token=a+b%26c',
    );
  });

  it('uses a secure websocket on an https page', () => {
    expect(liveUrl({ protocol: 'https:', host: 'steerlog.example' }, 'p', 0, 't')).toMatch(/^wss:\/\//);
  });
});
