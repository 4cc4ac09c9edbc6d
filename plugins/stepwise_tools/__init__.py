"""stepwise_tools: the command-line tools tasks.py calls (build runner, live preview, publish,
scaffolds). Nothing below imports them."""
