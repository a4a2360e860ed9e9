import { CallRibbonError } from './CallRibbonError.ts';

/** A success response whose body is not the JSON the endpoint promises (a proxy's HTML page, a cut-off body). */
export class InvalidResponseError extends CallRibbonError {
  override name = 'InvalidResponseError';
  /** The start of the body as received. */
  readonly body: string;

  constructor(request: { method: string; url: string }, body: string, options?: { cause?: unknown }) {
    const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 200);
    super(
      `${request.method} ${request.url} returned a body that is not JSON${snippet ? `: ${snippet}` : ' (empty body)'}`,
      request,
      options,
    );
    this.body = body.slice(0, 2000);
  }
}
