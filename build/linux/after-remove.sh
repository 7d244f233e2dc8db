#!/bin/bash
# The deb's postrm (electron-builder's deb.afterRemove). This file replaces electron-builder's
# own after-remove template, so that template comes first, whole; test/unit/packaging.test.ts
# checks it still matches app-builder-lib/templates/linux/after-remove.tpl. The Visa Kiosk part
# is at the end.

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# Visa Kiosk: remove the readers' udev rule that after-install.sh put in place. Not on an upgrade
# ($1 is "upgrade"): the new version's postinst installs it again.
if [ "$1" = remove ] || [ "$1" = purge ]; then
  rm -f /lib/udev/rules.d/70-visa-kiosk-readers.rules
  if hash udevadm 2>/dev/null; then
    udevadm control --reload-rules || true
  fi
fi
