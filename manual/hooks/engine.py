# openbook's event handlers, as every hub has them: the manual is searched with Pagefind as a hub is.
from openbook.hooks import *  # noqa: F401,F403
