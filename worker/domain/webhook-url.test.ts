import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.ts';

const prod: WebhookUrlPolicy = { appEnv: 'production' };
const dev: WebhookUrlPolicy = { appEnv: 'development' };
const ok = (url: string, policy: WebhookUrlPolicy = prod) => checkWebhookUrl(url, policy).ok;

describe('checkWebhookUrl', () => {
  it('accepts public https URLs', () => {
    expect(ok('https://crm.example.com/hooks/prm')).toBe(true);
    expect(ok('https://hooks.zapier.com/abc?x=1')).toBe(true);
    expect(ok('https://93.184.216.34/hook')).toBe(true);
    expect(ok('https://[2606:4700::1111]/hook')).toBe(true);
  });

  it('refuses http and non-URLs in production', () => {
    expect(ok('http://crm.example.com/hook')).toBe(false);
    expect(ok('ftp://crm.example.com/hook')).toBe(false);
    expect(ok('crm.example.com/hook')).toBe(false);
    expect(ok('https://user:pass@crm.example.com/hook')).toBe(false);
  });

  it.each([
    'https://127.0.0.1/x',
    'https://127.1/x',
    'https://2130706433/x',
    'https://0x7f000001/x',
    'https://10.0.0.5/x',
    'https://172.20.1.1/x',
    'https://192.168.1.10/x',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/x',
    'https://100.127.255.255/x',
    'https://0.0.0.0/x',
    'https://[::1]/x',
    'https://[::]/x',
    'https://[fc00::1]/x',
    'https://[fd12:3456::1]/x',
    'https://[fe80::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:169.254.169.254]/x',
    'https://[64:ff9b::10.0.0.1]/x',
    'https://[::127.0.0.1]/x',
    'https://[::10.0.0.1]/x',
    'https://[2002:7f00:1::]/x',
    'https://[2002:a9fe:a9fe::1]/x',
    'https://[64:ff9b:1::a00:1]/x',
    'https://[fec0::1]/x',
    'https://127.0.0.1./x',
    'https://0177.0.0.1/x',
    'https://localhost./x',
    'https://metadata.google.internal./x',
    'https://crm.example.com@127.0.0.1/x',
    'https://localhost/x',
    'https://api.localhost/x',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://crm.internal/x',
    'https://printer.local/x',
    'https://intranet/x',
    'https://router.home.arpa/x',
  ])('refuses %s in production', (url) => {
    const result = checkWebhookUrl(url, prod);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('leaves the neighbours of blocked ranges alone', () => {
    expect(ok('https://172.32.0.1/x')).toBe(true);
    expect(ok('https://100.128.0.1/x')).toBe(true);
    expect(ok('https://169.255.0.1/x')).toBe(true);
    expect(ok('https://[2002:5db8:d822::1]/x')).toBe(true);
  });

  it('accepts http to loopback only in development and test', () => {
    expect(ok('http://127.0.0.1:8080/hook', dev)).toBe(true);
    expect(ok('http://localhost:8080/hook', { appEnv: 'test' })).toBe(true);
    expect(ok('http://crm.example.com/hook', dev)).toBe(false);
    expect(ok('http://10.0.0.5/hook', dev)).toBe(false);
    expect(ok('http://127.0.0.1:8080/hook')).toBe(false);
  });

  it('exempts allow-listed hosts from the private-range rules', () => {
    expect(ok('https://crm.internal/x', { appEnv: 'production', allowHosts: 'crm.internal, other.lan' })).toBe(true);
    expect(ok('https://10.0.0.5/x', { appEnv: 'production', allowHosts: '10.0.0.5' })).toBe(true);
    expect(ok('http://crm.internal/x', { appEnv: 'production', allowHosts: 'crm.internal' })).toBe(false);
    expect(ok('http://crm.internal/x', { appEnv: 'development', allowHosts: 'crm.internal' })).toBe(true);
  });
});
