package donations

import "testing"

func TestMaskNumbers(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"phone", "LAN ung ho 0912345678", "LAN ung ho 0912****78"},
		{"account", "MBVCB.7001234567.123456.NGUYEN THI LAN", "MBVCB.7001******.****56.NGUYEN THI LAN"},
		{"receipt kept", "Ghi trùng biên nhận POOR-2021-000004", "Ghi trùng biên nhận POOR-2021-000004"},
		{"receipt kept, phone beside it masked", "POOR-2021-000004 gọi 0912345678", "POOR-2021-000004 gọi 0912****78"},
		{"short numbers kept", "ủng hộ 500.000 đ", "ủng hộ 500.000 đ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := MaskNumbers(c.in); got != c.want {
				t.Errorf("MaskNumbers(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
