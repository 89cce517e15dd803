import {
  isPublicAddress,
  PrivateAddressError,
  publicAddressOf,
  urlProblem,
} from './webhook-address';

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.251',
    '255.255.255.255',
    '0.0.0.0',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses a name that resolves to loopback, unless private networks are allowed', async () => {
    await expect(publicAddressOf('localhost', false)).rejects.toBeInstanceOf(PrivateAddressError);
    const pinned = await publicAddressOf('localhost', true);
    expect(isPublicAddress(pinned.address)).toBe(false);
  });

  it('pins an address literal without asking DNS', async () => {
    await expect(publicAddressOf('93.184.216.34', false)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it.each([
    ['not a url', 'hook'],
    ['ftp', 'ftp://example.com/'],
    ['credentials', 'https://a:b@example.com/'],
    ['a user alone', 'https://a@example.com/'],
  ])('refuses %s', (_name, url) => {
    expect(urlProblem(url)).toEqual(expect.any(String));
  });

  it('accepts http and https', () => {
    expect(urlProblem('http://example.com/x?y=1')).toBeUndefined();
    expect(urlProblem('https://[2606:4700::1]:8443/')).toBeUndefined();
  });
});
