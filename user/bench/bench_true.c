/* The program bench_sched's fork_exec_wait starts: a static program that returns from main
 * at once, so that the figure is fork + execve + exit + wait4 and nothing else. */
int main(void)
{
    return 0;
}
