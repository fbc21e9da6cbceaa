"""The demo accounts `flask seed-demo` creates, and that the harness's clients sign in as."""

PASSWORD = "demo-password"
HEAD_OF_SALES, HEAD_OF_MARKETING = "david.okafor@demo.test", "lucia.fernandez@demo.test"
TERM_EDITORS = ("marta.gil@demo.test", "carlos.ruiz@demo.test")
GOAL_EDITORS = {"marketing": ("tom.becker@demo.test", "ines.navarro@demo.test"),  # owner team's
                "sales": ("sarah.mitchell@demo.test", "javier.moreno@demo.test")}
SIGNERS = ("ines.navarro@demo.test", "javier.moreno@demo.test", "emily.chen@demo.test")
