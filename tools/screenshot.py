"""A PNG of a page the project writes, taken in headless Chromium (Debian's `chromium` and `chromium-driver`, Selenium).

    python tools/screenshot.py results/game-music/explorer.html results/explorer.png [--width 1400 --height 1000]

Fails when the page logs a console error."""
import argparse, time
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('page'); p.add_argument('png')
    p.add_argument('--width', type=int, default=1400); p.add_argument('--height', type=int, default=1000)
    a = p.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for o in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', f'--window-size={a.width},{a.height}'): opts.add_argument(o)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=opts)
    try:
        driver.get(Path(a.page).resolve().as_uri())
        time.sleep(3)  # Bokeh draws after the page loads
        errors = [e for e in driver.get_log('browser') if e['level'] == 'SEVERE']
        if errors: raise SystemExit(f'console errors: {errors}')
        driver.save_screenshot(a.png)
    finally: driver.quit()
    print(a.png)

if __name__ == '__main__': main()
