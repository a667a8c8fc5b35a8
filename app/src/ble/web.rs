//! The browser side: `navigator.bluetooth` through `js_sys::Reflect` (web-sys's Bluetooth
//! bindings need an unstable cfg), and `fetch` for sending through the sync API.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;

use super::SensorKind;

/// `target[key]`.
pub(super) fn get(target: &JsValue, key: &str) -> Result<JsValue, String> {
    Reflect::get(target, &JsValue::from_str(key)).map_err(describe)
}

// By value: it is the `map_err` adapter of JS results.
/// A JS error's message (or its debug form).
#[allow(clippy::needless_pass_by_value)]
pub(super) fn describe(error: JsValue) -> String {
    get_message(&error).unwrap_or_else(|| format!("{error:?}"))
}

fn get_message(error: &JsValue) -> Option<String> {
    Reflect::get(error, &JsValue::from_str("message"))
        .ok()?
        .as_string()
}

/// Calls `target.method(args…)` and awaits the promise it returns.
pub(super) async fn call(
    target: &JsValue,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, String> {
    let function: Function = get(target, method)?
        .dyn_into()
        .map_err(|_| format!("{method} is not a function"))?;
    let result = function
        .apply(target, &args.iter().collect::<Array>())
        .map_err(describe)?;
    match result.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await.map_err(describe),
        Err(value) => Ok(value),
    }
}

/// Whether this browser offers Web Bluetooth.
pub fn supported() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("navigator")).ok())
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("bluetooth")).ok())
        .is_some_and(|b| !b.is_undefined() && !b.is_null())
}

/// A connected sensor: its device (to reconnect) and how to resubscribe.
pub struct Connected {
    /// The device's name, as it advertises.
    pub name: String,
}

/// Asks the user to pick a sensor of `kind` in the browser's chooser, connects, and calls
/// `on_value` with each notification's bytes. If the connection drops, reconnects and
/// resubscribes by itself; `on_status` hears about it.
pub async fn connect(
    kind: SensorKind,
    on_value: impl Fn(Vec<u8>) + 'static,
    on_status: impl Fn(String) + 'static,
) -> Result<Connected, String> {
    let window = web_sys::window().ok_or("no window")?;
    let bluetooth = get(&get(&window, "navigator")?, "bluetooth")?;
    let filter = Object::new();
    Reflect::set(
        &filter,
        &"services".into(),
        &Array::of1(&kind.service().into()),
    )
    .map_err(describe)?;
    let options = Object::new();
    Reflect::set(&options, &"filters".into(), &Array::of1(&filter)).map_err(describe)?;
    let device = call(&bluetooth, "requestDevice", &[options.into()]).await?;
    let name = get(&device, "name")?
        .as_string()
        .unwrap_or_else(|| kind.label());

    let on_value: std::rc::Rc<dyn Fn(Vec<u8>)> = std::rc::Rc::new(on_value);
    subscribe(&device, kind, std::rc::Rc::clone(&on_value)).await?;

    // Reconnect when the link drops: the recording keeps what it has, and carries on.
    let on_status = std::rc::Rc::new(on_status);
    let again = device.clone();
    let reconnect = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
        let device = again.clone();
        let on_value = std::rc::Rc::clone(&on_value);
        let on_status = std::rc::Rc::clone(&on_status);
        on_status(t!("record-sensor-disconnected", sensor = kind.label()));
        wasm_bindgen_futures::spawn_local(async move {
            for _ in 0..10 {
                if subscribe(&device, kind, std::rc::Rc::clone(&on_value))
                    .await
                    .is_ok()
                {
                    on_status(t!("record-sensor-back", sensor = kind.label()));
                    return;
                }
                sleep_ms(1000).await;
            }
            on_status(t!("record-sensor-lost", sensor = kind.label()));
        });
    });
    call(
        &device,
        "addEventListener",
        &["gattserverdisconnected".into(), reconnect.as_ref().clone()],
    )
    .await?;
    // The page keeps the listener for its whole life.
    reconnect.forget();
    Ok(Connected { name })
}

async fn subscribe(
    device: &JsValue,
    kind: SensorKind,
    on_value: std::rc::Rc<dyn Fn(Vec<u8>)>,
) -> Result<(), String> {
    let gatt = get(device, "gatt")?;
    let server = call(&gatt, "connect", &[]).await?;
    let service = call(&server, "getPrimaryService", &[kind.service().into()]).await?;
    let uuid = kind.characteristic().uuid();
    let characteristic = call(&service, "getCharacteristic", &[uuid.into()]).await?;
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let Ok(target) = Reflect::get(&event, &"target".into()) else {
            return;
        };
        let Ok(view) = Reflect::get(&target, &"value".into()) else {
            return;
        };
        let (Ok(buffer), Ok(offset), Ok(length)) = (
            Reflect::get(&view, &"buffer".into()),
            Reflect::get(&view, &"byteOffset".into()),
            Reflect::get(&view, &"byteLength".into()),
        ) else {
            return;
        };
        let bytes = Uint8Array::new_with_byte_offset_and_length(
            &buffer,
            offset.as_f64().unwrap_or(0.0) as u32,
            length.as_f64().unwrap_or(0.0) as u32,
        )
        .to_vec();
        on_value(bytes);
    });
    call(
        &characteristic,
        "addEventListener",
        &[
            "characteristicvaluechanged".into(),
            listener.as_ref().clone(),
        ],
    )
    .await?;
    listener.forget();
    call(&characteristic, "startNotifications", &[]).await?;
    Ok(())
}

/// Waits `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// `fetch(url, {method: "POST", body: json})` with the page's CSRF token; the answer's JSON.
pub async fn post_json(url: &str, body: &str, csrf: &str) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let headers = Object::new();
    Reflect::set(&headers, &"content-type".into(), &"application/json".into()).map_err(describe)?;
    Reflect::set(&headers, &"accept".into(), &"application/json".into()).map_err(describe)?;
    Reflect::set(&headers, &crate::csrf::HEADER.into(), &csrf.into()).map_err(describe)?;
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &"POST".into()).map_err(describe)?;
    Reflect::set(&init, &"headers".into(), &headers).map_err(describe)?;
    Reflect::set(&init, &"body".into(), &body.into()).map_err(describe)?;
    Reflect::set(&init, &"credentials".into(), &"same-origin".into()).map_err(describe)?;
    let response = call(&window.into(), "fetch", &[url.into(), init.into()]).await?;
    let ok = get(&response, "ok")?.as_bool().unwrap_or(false);
    let json = call(&response, "json", &[]).await?;
    if ok {
        Ok(json)
    } else {
        Err(get(&json, "error")?
            .as_string()
            .unwrap_or_else(|| t!("record-server-refused")))
    }
}
