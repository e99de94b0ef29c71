# openbook's event handlers, from the installed package: upgrading openbook never needs this file edited.
from openbook.hooks import *  # noqa: F401, F403
