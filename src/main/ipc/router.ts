import { contract } from '../../shared/ipc/contract';
import type { ChannelOutput, ParsedInput } from '../../shared/ipc/contract';
import type { InvokeChannel } from '../../shared/ipc/channels';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { toErrorDto } from '../error-dto';
import type { Logger } from '../log';

export type Handlers = {
  [C in InvokeChannel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export interface IpcRouter {
  /** Validate, dispatch, and always resolve with a Result — never throw across IPC. */
  invoke(channel: string, rawInput: unknown): Promise<Result<unknown>>;
}

const isChannel = (channel: string): channel is InvokeChannel => Object.hasOwn(contract, channel);

/**
 * The transport-free half of IPC: the Electron glue (register.ts) and the e2e
 * harness both call `invoke`, so everything but `ipcMain.handle` itself is
 * exercised by tests.
 */
export function createRouter(handlers: Handlers, logger: Logger): IpcRouter {
  return {
    async invoke(channel, rawInput) {
      if (!isChannel(channel)) {
        return err({ code: 'validation', message: `Unknown channel ${channel}.` });
      }
      const parsed = contract[channel].input.safeParse(rawInput);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return err({
          code: 'validation',
          message: first?.message ?? 'Invalid input.',
          details: { path: first?.path.join('.') ?? '' },
        });
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        return ok(await handler(parsed.data));
      } catch (error) {
        const dto = toErrorDto(error);
        logger.log(dto.code === 'internal' ? 'error' : 'warn', `ipc ${channel} failed`, {
          code: dto.code,
          message: dto.message,
          ...(dto.code === 'internal' && error instanceof Error && { stack: error.stack }),
        });
        return err(dto);
      }
    },
  };
}
