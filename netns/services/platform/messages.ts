// Every user-facing error message of the platform emulator, in one place.

/** An error the emulator reports to a caller: HTTP status, message, and for bad input the field/expected/found. */
export class PlatformError extends Error {
  override readonly name = "PlatformError";
  constructor(
    readonly status: number,
    message: string,
    readonly detail: { field?: string; expected?: string; found?: string; code?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The JSON body sent for this error (portal and appliance APIs alike). */
  toBody(): { error: { message: string; field?: string; expected?: string; found?: string; code?: string } } {
    return { error: { message: this.message, ...this.detail } };
  }
}

/** Show a received value compactly in a message. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Bad input: names the field, what was expected and what was found. */
export function badField(field: string, expected: string, found: unknown, where = "request"): PlatformError {
  const foundText = shown(found);
  return new PlatformError(400, `Expected \`${field}\` to be ${expected}, got ${foundText} in ${where}`, {
    field,
    expected,
    found: foundText,
  });
}

/** The manual's VLAN limit: 4094 for serial numbers over 29000, else 99. */
export function tooManyVlans(serial: string, limit: number, count: number): PlatformError {
  const why = limit === 99 ? `serial ${serial} is not over 29000` : `serial ${serial} is over 29000`;
  return badField("vlans", `at most ${limit} VLANs (${why})`, `${count} VLANs`);
}

/** The manual's static route limit: 99. */
export function tooManyRoutes(count: number): PlatformError {
  return badField("staticRoutes", "at most 99 static routes", `${count} static routes`);
}

/** A VLAN defined on the appliance UI can't be edited using the Qualys UI (manual). */
export function consoleVlanConflict(id: number, index: number): PlatformError {
  return new PlatformError(
    409,
    `VLAN ${id} at vlans[${index}] is defined in the appliance UI and can't be edited using the Qualys UI`,
    { field: `vlans[${index}].id`, expected: "a VLAN not defined in the appliance UI", found: String(id) },
  );
}

/** Nothing with this ID. */
export function notFound(what: string, id: string): PlatformError {
  return new PlatformError(404, `No ${what} ${shown(id)} on this platform`);
}

/** No appliance waits for this activation code. */
export function unknownActivationCode(code: string): PlatformError {
  return new PlatformError(404, `No appliance is waiting for activation code ${shown(code)}`, {
    field: "activationCode",
    expected: "the code an appliance shows on its ACTIVATION CODE screen",
    found: shown(code),
  });
}

/** The code's appliance is already activated. */
export function alreadyActivated(code: string, name: string): PlatformError {
  return new PlatformError(409, `Activation code ${shown(code)} was already used: the appliance is ${name}`);
}

/** Settings, scans and updates need an activated appliance. */
export function notActivated(id: string): PlatformError {
  return new PlatformError(409, `Appliance ${id} is not activated yet; activate it with its activation code first`);
}

/** An appliance reported something before its first poll. */
export function unregistered(serial: string, mac: string): PlatformError {
  return new PlatformError(403, `Appliance with serial ${shown(serial)} and MAC ${shown(mac)} is not registered: it must poll first`);
}

/** The scan already ended. */
export function scanNotCancellable(id: string, state: string): PlatformError {
  return new PlatformError(409, `Scan ${id} is ${state} and can no longer be cancelled`);
}

/** An appliance reported on another appliance's scan. */
export function scanNotForAppliance(id: string, applianceId: string): PlatformError {
  return new PlatformError(403, `Scan ${id} does not belong to appliance ${applianceId}`);
}

/** No such endpoint. */
export function badRoute(method: string, path: string): PlatformError {
  return new PlatformError(404, `No such endpoint: ${method} ${path}`);
}

/** The body is not JSON. */
export function badJson(cause: unknown): PlatformError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new PlatformError(400, `Expected a JSON request body, got unparseable text (${why})`, {}, { cause });
}

/** The body exceeds the endpoint's limit. */
export function bodyTooLarge(limit: number): PlatformError {
  return new PlatformError(413, `Request body exceeds ${limit} bytes`);
}

/** Manual, "Network Errors using older appliance model": the subscription has expired. */
export function accountExpired(): PlatformError {
  return new PlatformError(403, "Account expired", { code: "account-expired" });
}

/** Manual, older model: "This Scanner is disabled". */
export function scannerDisabled(): PlatformError {
  return new PlatformError(403, "This Scanner is disabled", { code: "scanner-disabled" });
}

/** Manual, older model: "This scan_id does not exist" (the scanner is not registered with Qualys). */
export function unknownScanId(): PlatformError {
  return new PlatformError(404, "This scan_id does not exist", { code: "unknown-scan-id" });
}

/** Text of the 401/500 fault answers (the appliance shows "Unexpected QG HTTP/401" or "/500"). */
export const FAULT_BODY = {
  401: "Unauthorized: the platform does not accept this appliance's credentials (fault injected by the emulator)",
  500: "Internal Server Error (fault injected by the emulator)",
} as const;

/** Bad server config file: names the file and the field. */
export function badConfig(file: string, field: string, expected: string, found: unknown): Error {
  return new Error(`Expected \`${field}\` to be ${expected}, got ${shown(found)} in ${file}`);
}
