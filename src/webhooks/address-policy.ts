import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** A receiver whose host is (or resolves to) an address webhooks may not reach. */
export class BlockedAddressError extends Error {
  constructor() {
    super("The receiver's address is not allowed (loopback, private, link-local or otherwise reserved).");
    this.name = "BlockedAddressError";
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Which addresses webhook deliveries may reach: public unicast addresses only, unless
 * WEBHOOK_ALLOWED_HOSTS names the host (any address it resolves to) or an address or CIDR range.
 * ipaddr.js classifies the addresses (its ranges follow IANA's special-purpose registries), so
 * loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local,
 * IPv4-mapped and the other reserved ranges are all refused without a hand-kept list.
 */
export class WebhookAddressPolicy {
  private readonly hosts = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(allowed: readonly string[]) {
    for (const entry of allowed) {
      if (ipaddr.isValidCIDR(entry)) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        const address = ipaddr.process(entry);
        this.ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
      } else this.hosts.add(entry.toLowerCase());
    }
  }

  /** Whether `address` (one that `hostname` resolved to, or a literal) may be connected to. */
  permits(hostname: string, address: string): boolean {
    if (this.hosts.has(hostname.toLowerCase())) return true;
    if (!ipaddr.isValid(address)) return false;
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it carries.
    const parsed = ipaddr.process(address);
    if (this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return true;
    return parsed.range() === "unicast";
  }

  /**
   * A `lookup` for http.request: resolves like the system would, refuses the connection unless every
   * address is permitted, and hands the socket exactly the addresses it checked, so a DNS answer
   * that changes between the check and the connection (rebinding) cannot slip through.
   */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || addresses.some((entry) => !this.permits(hostname, entry.address))) {
        return callback(new BlockedAddressError(), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  /** Checks a URL's host now (at registration): literals directly, names after resolving them. */
  async check(url: URL): Promise<"allowed" | "blocked" | "unresolvable"> {
    // URL keeps IPv6 literals in brackets.
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (isIP(hostname)) return this.permits(hostname, hostname) ? "allowed" : "blocked";
    return new Promise((resolve) => {
      this.lookup(hostname, { all: true }, (error) => {
        resolve(error instanceof BlockedAddressError ? "blocked" : error ? "unresolvable" : "allowed");
      });
    });
  }
}
