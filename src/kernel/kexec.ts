/**
 * The kexec path of the old kernel (arch/mips/kernel/machine_kexec.c, relocate_kernel.S) and the
 * stopping of secondaries, built per KernelOptions.
 */

import type { KernelOptions } from '../contract/kernel-options.js';
import type { PlatformCode } from '../contract/platform.js';
import type { Assembler } from '../machine/asm.js';
import { maskWords, pop, push, returnIfOffline, setCpuOnline, waitNonZero, waitOthersOffline } from './macros.js';
import { kimage, marks, PAGE_WORDS, tags } from './vocab.js';

export interface KexecLayout {
  readonly controlPage: number;
  readonly cpus: number;
  readonly lineWords: number;
}

/**
 * relocate_kernel.S: relocate_new_kernel, kexec_smp_wait and their data, assembled in the old kernel's
 * text and copied into the control page by machine_kexec. Both read kexec_args, kexec_start_address and
 * kexec_indirection_page at their *original* addresses; kexec_flag is found PC-relatively, in the copy.
 */
export function emitRelocateKernel(
  a: Assembler,
  platform: PlatformCode,
  kexecArgs: readonly number[],
  secondaryArgs: readonly number[],
  lineWords: number,
): void {
  const finalSync = (): void => {
    if (platform.relocateFinalSync === 'synci') a.sync().synci(0, 'zero');
    else a.sync();
  };
  a.align(lineWords);
  a.routine('relocate_new_kernel').mark(marks.RELOCATE);
  a.la('t0', 'kexec_indirection_page').lw('s0', 0, 't0');
  a.la('t0', 'kexec_start_address').lw('s1', 0, 't0');
  a.la('t0', 'kexec_args').lw('a0', 0, 't0').lw('a1', 1, 't0').lw('a2', 2, 't0').lw('a3', 3, 't0');
  a.settag(tags.NEW_IMAGE);
  a.label('process_entry').lw('t1', 0, 's0').addi('s0', 's0', 1).beqz('t1', 'done');
  a.andi('t2', 't1', 0xf).srl('t3', 't1', 4);
  a.li('at', kimage.DONE).beq('t2', 'at', 'done');
  a.li('at', kimage.DESTINATION).bne('t2', 'at', 'not_destination');
  a.move('v1', 't3').b('process_entry');
  a.label('not_destination').li('at', kimage.INDIRECTION).bne('t2', 'at', 'not_indirection');
  a.move('s0', 't3').b('process_entry');
  a.label('not_indirection').li('at', kimage.SOURCE).bne('t2', 'at', 'process_entry');
  a.li('v0', PAGE_WORDS);
  a.label('copy_page').cpyl('v1', 't3').addi('v1', 'v1', lineWords).addi('t3', 't3', lineWords);
  a.addi('v0', 'v0', -lineWords).bgtz('v0', 'copy_page').b('process_entry');
  a.label('done').settag(tags.CONTROL_PAGE);
  // Release the kexec_smp_wait CPUs: kexec_flag in *this* copy, found from where we run.
  a.bal('here');
  a.label('here').addi('t0', 'ra', 0);
  a.la('t1', 'kexec_flag').la('t2', 'relocate_new_kernel.here').sub('t1', 't1', 't2').add('t0', 't0', 't1');
  a.sw('zero', 0, 't0');
  finalSync();
  a.jr('s1');

  a.routine('kexec_smp_wait');
  a.la('t0', 'secondary_kexec_args').lw('a0', 0, 't0').lw('a1', 1, 't0').lw('a2', 2, 't0').lw('a3', 3, 't0');
  a.la('t0', 'kexec_start_address').lw('s1', 0, 't0');
  a.bal('here');
  a.label('here').addi('t0', 'ra', 0);
  a.la('t1', 'kexec_flag').la('t2', 'kexec_smp_wait.here').sub('t1', 't1', 't2').add('t0', 't0', 't1');
  a.label('wait_kexec_flag').lw('t1', 0, 't0').pause().bnez('t1', 'wait_kexec_flag');
  finalSync();
  a.jr('s1');

  a.routine('kexec_args');
  for (let i = 0; i < 4; i++) a.word(kexecArgs[i] ?? 0);
  a.routine('secondary_kexec_args');
  for (let i = 0; i < 4; i++) a.word(secondaryArgs[i] ?? 0);
  a.routine('kexec_start_address').word(0);
  a.routine('kexec_indirection_page').word(0);
  a.routine('kexec_flag').word(1);
  a.align(lineWords);
  a.routine('relocate_new_kernel_end');
}

/** Symbols a strategy's routines jump to once a CPU is released: the control page and the relocated wait. */
export function emitKexecPath(a: Assembler, options: KernelOptions, platform: PlatformCode, layout: KexecLayout): void {
  const words = maskWords(layout.cpus);
  const ctrl = layout.controlPage;
  const stubWords = (): void => {
    a.la('v0', 'relocate_new_kernel_end').la('t0', 'relocate_new_kernel').sub('v0', 'v0', 't0');
  };

  // kernel_kexec(): the reboot CPU's path for `kexec -e`.
  a.routine('kernel_kexec').call('machine_shutdown');
  a.j('machine_kexec');

  a.routine('machine_shutdown');
  push(a, 'ra');
  if (platform.hasShutdownHook) a.call('machine_kexec_shutdown_hook');
  if (options.shutdown === 'ipi-offline') {
    a.la('a1', 'kexec_shutdown_secondary').li('a2', 0).call('smp_call_function');
    // while (num_online_cpus() > 1) mdelay(1): no timeout.
    waitOthersOffline(a, words);
  }
  pop(a, 'ra');
  a.ret();

  a.routine('kexec_shutdown_secondary');
  returnIfOffline(a, words);
  setCpuOnline(a, 's0', false, words); // "Mark CPU offline before disabling local IRQ"
  a.di();
  waitNonZero(a, 'wait_kexec_ready', 'kexec_ready_to_reboot');
  a.j('kexec_park_secondary');

  // machine_kexec(): copy the stub, quiesce, flush, release the secondaries, go.
  a.routine('machine_kexec').mark(marks.MACHINE_KEXEC);
  a.settag(tags.CONTROL_PAGE);
  stubWords();
  a.la('t1', 'relocate_new_kernel').li('t0', ctrl);
  a.label('copy').cpyl('t0', 't1').addi('t0', 't0', layout.lineWords).addi('t1', 't1', layout.lineWords);
  a.addi('v0', 'v0', -layout.lineWords).bgtz('v0', 'copy');
  a.settag(tags.OLD_DATA);
  a.mfc0('s0', 'CPUID');
  if (options.markOffline) setCpuOnline(a, 's0', false, words);
  a.di();
  switch (options.writerFlush) {
    case 'flush-cache-all':
      a.call('__flush_cache_all');
      break;
    case 'flush-cache-all+l2':
      a.call('__flush_cache_all').call('blast_scache');
      break;
    case 'local-icache-range':
      stubWords();
      a.li('a0', ctrl).li('a1', ctrl).add('a1', 'a1', 'v0').call('local_flush_icache_range');
      break;
  }
  a.la('t0', 'kexec_smp_wait')
    .la('t1', 'relocate_new_kernel')
    .sub('t0', 't0', 't1')
    .li('t1', ctrl)
    .add('t1', 't1', 't0');
  a.la('t0', 'relocated_kexec_smp_wait').sw('t1', 0, 't0');
  a.sync();
  a.la('t0', 'kexec_ready_to_reboot').li('t1', 1).sw('t1', 0, 't0');
  switch (options.afterFlag) {
    case 'jump':
      a.li('t0', ctrl).jr('t0');
      break;
    case 'kexec-this-cpu':
      a.j('kexec_this_cpu');
      break;
    case 'kexec-reboot':
      a.j('kexec_reboot');
      break;
  }

  // What a secondary does once released from waiting on kexec_ready_to_reboot.
  a.routine('kexec_park_secondary');
  if (options.afterFlag === 'jump') a.la('t0', 'relocated_kexec_smp_wait').lw('t0', 0, 't0').jr('t0');
  else a.j(options.afterFlag === 'kexec-this-cpu' ? 'kexec_this_cpu' : 'kexec_reboot');

  // CPU0's last steps before relocate_new_kernel, and what the other CPUs do instead.
  const cpu0Jump = (): void => {
    if (options.cpu0Flush !== 'none') {
      stubWords();
      a.li('a0', ctrl).li('a1', ctrl).add('a1', 'a1', 'v0').call('local_flush_icache_range');
      if (options.cpu0Flush === 'local-icache+scache-inv' || options.cpu0Flush === 'local-icache+scache-wbinv') {
        stubWords();
        a.li('a0', ctrl).li('a1', ctrl).add('a1', 'a1', 'v0');
        a.call(options.cpu0Flush === 'local-icache+scache-inv' ? 'scache_inv_range' : 'scache_wbinv_range');
      }
    }
    a.li('t0', ctrl).jr('t0');
  };

  a.routine('kexec_this_cpu').mfc0('t0', 'CPUID').beqz('t0', 'cpu0').j('play_dead');
  a.label('cpu0');
  cpu0Jump();

  a.routine('kexec_reboot').mfc0('s0', 'CPUID');
  if (options.remarkOnline) {
    setCpuOnline(a, 's0', true, words);
    a.sync();
  }
  a.beqz('s0', 'cpu0');
  // NOTREACHED, says the comment; nothing stops a return from falling through into CPU0's path.
  a.call(platform.hasKexecNonbootCpu ? 'kexec_nonboot_cpu' : 'play_dead');
  if (options.stopReturns === 'panic') a.j('panic');
  a.label('cpu0');
  cpu0Jump();
}
