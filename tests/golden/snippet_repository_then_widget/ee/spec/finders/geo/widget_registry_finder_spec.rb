# frozen_string_literal: true

require 'spec_helper'

describe Geo::WidgetRegistryFinder do
  it_behaves_like 'a framework registry finder', :widget_registry
end
